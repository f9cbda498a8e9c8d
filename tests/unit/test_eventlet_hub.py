"""Under eventlet one blocked call stops every socket of the process: the slow writes of a busy
chat room (a message's fsync'd commit, its search indexing) must leave the hub serving others."""

from __future__ import annotations

from tests.support.scripts import run_script


def test_other_sockets_are_served_during_a_durable_commit_and_indexing(tmp_path):
    result = run_script("eventlet_hub_free.py", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    fields = dict(item.split("=") for item in result.stdout.split()[-4:])
    # the commit still finished before write_transaction returned, the documents are findable
    assert fields["stored"] == "yes"
    assert fields["found"] == "yes"
    # ...and meanwhile another green thread ran (on the old code: never, the hub was blocked)
    assert int(fields["commit_turns"]) > 0
    assert int(fields["index_turns"]) > 0
