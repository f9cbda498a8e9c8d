"""wiki.sections directly: which text a section edit shows and replaces (no app, no database)."""

from __future__ import annotations

import pytest

from innovationzone.errors import ValidationError
from innovationzone.wiki import sections

BODY = """Intro line.

# Openingstijden
Ma-vr 9-18.

## Feestdagen
Gesloten.

```
# not a heading: inside a code fence
```

# Contact
Bel ons.
"""


def test_headings_in_code_fences_do_not_count():
    assert sections.count(BODY) == 3
    assert sections.count("no headings at all\n#hashtag is no heading") == 0


def test_a_section_runs_to_the_next_heading_of_its_level_or_higher():
    first = sections.extract(BODY, 1)
    assert first.startswith("# Openingstijden") and "## Feestdagen" in first
    assert "# not a heading" in first and "# Contact" not in first
    assert sections.extract(BODY, 2).startswith("## Feestdagen")
    assert "# Contact" not in sections.extract(BODY, 2)
    assert sections.extract(BODY, 3) == "# Contact\nBel ons.\n"


def test_replacing_a_section_keeps_the_rest_of_the_page_intact():
    changed = sections.replace(BODY, 2, "## Feestdagen\nOpen op tweede paasdag.")
    assert "Open op tweede paasdag.\n" in changed and "Gesloten." not in changed
    assert changed.startswith("Intro line.\n\n# Openingstijden\nMa-vr 9-18.\n\n## Feestdagen")
    assert changed.endswith("# Contact\nBel ons.\n")  # the newline before the next heading stays
    assert sections.count(changed) == 3


@pytest.mark.parametrize("number", [0, 4, -1])
def test_a_section_that_is_not_there_is_a_400_not_a_crash(number):
    with pytest.raises(ValidationError):
        sections.extract(BODY, number)
    with pytest.raises(ValidationError):
        sections.replace(BODY, number, "x")
