"""The RL pipeline end to end against a real server: a hybrid GUI + terminal step, a scaled
observation, the client's token ids and timings kept in the server's training records, and
``deskgym export`` turning them into SkyRL's and verl's layouts."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import deskgym

from conftest import SCREEN, ServerFarm, deskgym_binary

SOLUTION = "pyautogui.write(\"echo 'Hello, Deskgym' > ~/hello.txt\\n\")"


def test_records_carry_extra_and_export_to_skyrl_and_verl(farm: ServerFarm, tmp_path: Path) -> None:
    records = tmp_path / "records"
    server = farm.start(capacity=1, args=("--records", str(records)))
    with deskgym.Client(server.url) as client:
        with client.create_session(task="os/create-hello-file", screen=SCREEN,
                                   observation_size={"width": 320, "height": 240}) as session:
            first = session.observation
            assert first is not None and (first.image_width, first.image_height) == (320, 240)
            assert first.image.shape == (240, 320, 3)
            step = session.step("terminal.run('echo hybrid; pwd')\n" + SOLUTION, model_ms=120.5,
                                extra={"prompt_ids": [1, 2, 3], "response_ids": [10, 11], "response_logprobs": [-0.5, -0.25]})
            assert step.observation is not None
            assert [t.stdout.split("\n")[0] for t in step.observation.terminal] == ["hybrid"]
            done = session.step("DONE", model_ms=80,
                                extra={"prompt_ids": [1, 2, 3, 10, 11, 7, 8], "response_ids": [12], "response_logprobs": [-1.0]})
            assert done.done and done.reward == 1.0
    episodes = sorted(p for p in records.glob("*/episode-*") if p.is_dir())
    assert len(episodes) == 1
    lines = [json.loads(line) for line in (episodes[0] / "trajectory.jsonl").read_text().splitlines()]
    assert [line["step"] for line in lines] == [0, 1, 2]
    assert lines[1]["model_ms"] == 120.5 and lines[1]["extra"]["response_ids"] == [10, 11]
    assert lines[1]["commands"][0]["command"] == "echo hybrid; pwd"
    assert lines[2]["reward"] == 1 and lines[2]["done"] is True

    out = tmp_path / "skyrl"
    run = subprocess.run([str(deskgym_binary()), "export", str(records), "--format", "skyrl", "--out", str(out)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    skyrl = json.loads((out / "skyrl.json").read_text())
    assert skyrl["prompt_token_ids"] == [[1, 2, 3]]
    assert skyrl["response_ids"] == [[10, 11, 7, 8, 12]]
    assert skyrl["loss_masks"] == [[1, 1, 0, 0, 1]]
    assert skyrl["rewards"] == [1.0] and skyrl["stop_reasons"] == ["stop"]

    verl_out = tmp_path / "verl"
    run = subprocess.run([str(deskgym_binary()), "export", str(records), "--format", "verl", "--out", str(verl_out)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    row = json.loads((verl_out / "verl.jsonl").read_text().splitlines()[0])
    assert row["reward_score"] == 1.0 and row["response_mask"] == [1, 1, 0, 0, 1]
    assert row["messages"][0]["content"].startswith("<image>") and len(row["images"]) == 2
    assert "hybrid" in row["messages"][2]["content"]
