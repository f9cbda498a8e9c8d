"""Run as a script: a green thread ticks every 50 ms while a pathological render waits 1 s."""

from innovationzone.__main__ import patch_for_eventlet

patch_for_eventlet()

import eventlet  # noqa: E402

from innovationzone.markdown import render  # noqa: E402

if __name__ == "__main__":
    render("warm up")  # start the worker pool first, so only the slow render is measured
    ticks = []

    def ticker():
        while True:
            ticks.append(1)
            eventlet.sleep(0.05)

    green = eventlet.spawn(ticker)
    html = render("[a" * 8000, timeout=1.0)
    green.kill()
    print(
        len(ticks), "fallback" if html.startswith('<pre class="render-fallback">') else "rendered"
    )
