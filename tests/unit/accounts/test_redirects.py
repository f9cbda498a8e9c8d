import pytest

from innovationzone.accounts.redirects import safe_next


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "\\\\evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "http:/x",
        "javascript:alert(1)",
        "evil.example",
        "",
        None,
        "/\tevil",
        "///evil.example",
    ],
)
def test_foreign_or_odd_targets_go_home(target):
    assert safe_next(target) == "/"


@pytest.mark.parametrize("target", ["/", "/z/omnichannel", "/z/a/wiki/Page?x=1#h"])
def test_local_paths_are_kept(target):
    assert safe_next(target) == target
