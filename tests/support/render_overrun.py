"""Run as a script (`eventlet` or `threads`): one render overruns its time limit while another
renders normally; prints what happened to each and to the workers, then exits (which must not
hang on the worker processes)."""

import sys

if sys.argv[1] == "eventlet":
    from innovationzone.__main__ import patch_for_eventlet

    patch_for_eventlet()

import os  # noqa: E402
import threading  # noqa: E402  (green under eventlet)
import time  # noqa: E402

from innovationzone.markdown import render, warm_up, worker_pids  # noqa: E402

if __name__ == "__main__":
    warm_up()
    before = worker_pids()
    slow: list[str] = []
    overrun = threading.Thread(
        target=lambda: slow.append(render("[a" * 8000, timeout=1.0)), daemon=True
    )
    overrun.start()
    while len(worker_pids()) == len(before) and overrun.is_alive():
        time.sleep(0.01)  # until the slow text is in a worker of its own
    normal = render("*weer* normaal")
    kept = worker_pids()  # the normal render's worker is back, the slow one still out
    overrun.join()
    after = worker_pids()
    killed = before - after
    gone = all(not os.path.exists(f"/proc/{pid}") for pid in killed)
    again = render("*nog* eens")  # and the workers left keep rendering
    print(
        "normal=" + ("ok" if normal == "<p><em>weer</em> normaal</p>" else "wrong"),
        "slow=" + ("fallback" if slow[0].startswith('<pre class="render-fallback">') else "other"),
        f"workers={len(before)}/{len(after)}",
        "kept=" + ("yes" if kept and kept <= before and kept <= after else "no"),
        "replaced=" + ("yes" if len(killed) == 1 and gone else "no"),
        "again=" + ("ok" if again == "<p><em>nog</em> eens</p>" else "wrong"),
    )
