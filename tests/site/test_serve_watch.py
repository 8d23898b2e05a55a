"""`make serve` watches the content through the system's change notifications where it can
(MkDocs' own watcher lists and stats every file twice a second), and falls back to MkDocs'
polling where it cannot."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.inotify import InotifyObserver
from watchdog.observers.polling import PollingObserver

from generator.site import mkdocs_plugin
from generator.site.mkdocs_plugin import JixiaoPlugin


def _server(tmp_path: Path) -> LiveReloadServer:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    watched = tmp_path / "content"
    (watched / "2024").mkdir(parents=True)
    server.watch(str(watched))
    return server


def test_a_save_is_reported_by_the_system_not_found_by_polling(tmp_path: Path) -> None:
    server = _server(tmp_path)
    JixiaoPlugin().on_serve(server, config=None, builder=server.builder)  # type: ignore[arg-type]
    try:
        assert not isinstance(server.observer, PollingObserver)
        server.observer.start()  # what LiveReloadServer.serve does: harmless, already watching
        (tmp_path / "content" / "2024" / "a.yaml").write_text("年度: 2024\n", encoding="utf-8")
        deadline = time.monotonic() + 5
        while not server._want_rebuild and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server._want_rebuild
    finally:
        server.observer.stop()
        server.observer.join()


def test_without_system_notifications_mkdocs_polling_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Unavailable(InotifyObserver):
        def start(self) -> None:
            raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(mkdocs_plugin, "Observer", Unavailable)
    server = _server(tmp_path)
    polling, refs = server.observer, dict(server._watch_refs)
    JixiaoPlugin().on_serve(server, config=None, builder=server.builder)  # type: ignore[arg-type]
    assert server.observer is polling
    assert server._watch_refs == refs
    assert list(server._watched_paths) == [str(tmp_path / "content")]
