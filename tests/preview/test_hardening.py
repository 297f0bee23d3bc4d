"""The preview against hostile requests (issue 16, failure 10): the reload socket follows the pages' Host
rule, over-long paths get the 404 page, malformed frames are ignored quietly, impossible ports are refused."""

from __future__ import annotations

import asyncio
import json

import pytest
from support import ServeProcess, run_build
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from explainer.preview.http import resolve_request


@pytest.fixture(scope="module")
def served(tmp_path_factory, tiny_cache):
    import shutil

    from support import write_tiny_site

    root = write_tiny_site(tmp_path_factory.mktemp("hardening") / "site")
    shutil.copytree(tiny_cache, root / ".cache")
    server = ServeProcess(root)
    yield server
    server.stop()


def socket_url(served) -> str:
    return f"ws://{served.host}:{served.port}/livereload"


def test_the_reload_socket_refuses_a_foreign_host_even_with_a_matching_origin(served):
    foreign = f"evil.example:{served.port}"

    async def connect():
        return await websocket_connect(HTTPRequest(socket_url(served),
                                                   headers={"Host": foreign, "Origin": f"http://{foreign}"}))

    with pytest.raises(Exception, match="403"):
        asyncio.run(connect())
    assert served.get("/", headers={"Host": foreign}).status == 403


def test_an_over_long_path_gets_the_not_found_page(served):
    answer = served.get("/a" * 3000 + "/")
    assert answer.status == 404 and "<html" in answer.body.lower()
    assert resolve_request("/" + "a/" * 3000, "/", served_folder(served)).file is None
    assert "Traceback" not in "".join(served.lines["err"])


def served_folder(served):
    from pathlib import Path

    return Path(served.proc.args[served.proc.args.index("--root") + 1]) / ".cache/preview"


def test_malformed_frames_are_ignored_quietly(served):
    async def talk() -> dict:
        socket = await websocket_connect(HTTPRequest(socket_url(served),
                                                     headers={"Origin": f"http://{served.host}:{served.port}"}))
        for frame in ("not json", "[1, 2]", '{"command": [1]}', "{" * 5000, b"\x00\xff"):
            await socket.write_message(frame, binary=isinstance(frame, bytes))
        await socket.write_message(json.dumps({"command": "hello", "protocols": []}))
        reply = json.loads(await asyncio.wait_for(socket.read_message(), 30))
        socket.close()
        return reply

    assert asyncio.run(talk())["command"] == "hello"  # the socket outlived the junk
    err = "".join(served.lines["err"])
    assert "Traceback" not in err and "JSONDecodeError" not in err


@pytest.mark.parametrize("port", ["99999", "-1", "65536"])
def test_a_port_out_of_range_is_refused(tiny_site, port):
    result = run_build(tiny_site, "serve", "--port", port)
    assert result.code == 1
    assert f"--port {port} is not a port" in result.err and "Traceback" not in result.err


def test_a_request_right_after_a_save_waits_for_its_rebuild(served):
    story = served_folder(served).parent.parent / "content/pages/about.md"
    for round_ in range(3):  # the request comes well within a poll interval of the save, every time
        story.write_text(story.read_text() + f"\nSaved just now, round {round_}.\n")
        answer = served.get("/about/")
        assert answer.status == 200 and f"Saved just now, round {round_}." in answer.body
