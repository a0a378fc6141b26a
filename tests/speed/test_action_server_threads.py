"""The action server gives the embedding engine one core per question, before the engine loads."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from wegwijz.settings import ROOT

PROBE = """
import json, os
from unittest import mock
import sanic
import wegwijz.action_server as server

def run(app, *args, **kwargs):  # instead of serving: what the engine will see when it loads
    from wegwijz.answering.embeddings import embed_query
    embed_query("waar vind ik een huisarts")
    loaded = any("gomp" in line for line in open("/proc/self/maps"))
    print(json.dumps({"omp": os.environ.get("OMP_NUM_THREADS"), "threads": len(os.listdir("/proc/self/task")),
                      "loaded": loaded}))

with mock.patch.object(sanic.Sanic, "run", run), mock.patch("sys.argv", ["action_server", "--port", "0"]):
    server.main()
"""


def _probe(**extra: str) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    env.update(PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="3", **extra)
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, cwd=ROOT, capture_output=True, text=True,
                         timeout=300, check=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def test_one_core_per_question_unless_told_otherwise() -> None:
    probe = _probe()
    assert probe["omp"] == "1" and probe["loaded"]
    assert probe["threads"] == 1  # no OpenMP team beside the main thread after an embedding


def test_an_explicit_setting_is_kept() -> None:
    probe = _probe(OMP_NUM_THREADS="2")
    assert probe["omp"] == "2"
    assert int(str(probe["threads"])) > 1  # the engine did read the environment: an OpenMP team
