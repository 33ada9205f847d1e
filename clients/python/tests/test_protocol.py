"""What the client sends and how it reads fields newer servers add, checked on a mock transport
(the real server does not have these fields yet, and refuses unknown ones)."""

from __future__ import annotations

import base64
import io
import json

import httpx
import numpy as np
import pytest
from PIL import Image

import deskgym


def png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


class Recorder:
    def __init__(self, answer: dict) -> None:
        self.answer = answer
        self.bodies: list[dict] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.bodies.append(json.loads(request.content) if request.content else {})
        return httpx.Response(200, json=self.answer)


def test_extra_is_sent_only_when_given_and_new_observation_fields_are_read() -> None:
    shot = base64.b64encode(png(32, 24, (10, 20, 30))).decode()
    answer = {"done": False, "reward": 0, "info": {"grammar": "pyautogui", "actions": []},
              "observation": {"screenshot": shot, "width": 640, "height": 480, "image_width": 32,
                              "image_height": 24, "step": 1, "windows": [],
                              "terminal": [{"command": "ls", "stdout": "a\n", "stderr": "", "exit_code": 2,
                                            "duration_ms": 3.5, "timed_out": False}]}}
    recorder = Recorder(answer)
    with deskgym.Client("http://deskgym.test", transport=httpx.MockTransport(recorder)) as client:
        plain = client.step("s1", "WAIT")
        client.step("s1", "WAIT", extra={"token_ids": [1, 2], "logprobs": [-0.5, -0.25]})
    assert recorder.bodies == [{"action": "WAIT"},
                               {"action": "WAIT", "extra": {"token_ids": [1, 2], "logprobs": [-0.5, -0.25]}}]
    observation = plain.observation
    assert (observation.width, observation.height, observation.image_width, observation.image_height) == (640, 480, 32, 24)
    assert observation.image.shape == (24, 32, 3) and np.all(observation.image == [10, 20, 30])
    assert len(observation.terminal) == 1 and observation.terminal[0].exit_code == 2
    assert observation.terminal_text == "$ ls\na\n[exit code 2]"


def test_an_error_body_that_is_not_json_still_becomes_a_typed_error() -> None:
    def proxy(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502, text="<html>Bad Gateway</html>")

    with deskgym.Client("http://deskgym.test", transport=httpx.MockTransport(proxy)) as client:
        with pytest.raises(deskgym.ServerError) as bad:
            client.evaluate("s1")
    assert (bad.value.status, bad.value.code) == (502, "http_502") and "Bad Gateway" in bad.value.message


def test_a_capacity_full_answer_carries_retry_after() -> None:
    error = deskgym.errors.error_from_answer(
        429, {"error": {"code": "capacity_full", "message": "all 2 slots are taken"}}, retry_after_header="7")
    assert isinstance(error, deskgym.CapacityFull) and error.retry_after == 7.0
