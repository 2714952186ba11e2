"""`session bench --quick`: the benchmark runs end to end, against the real server and the bare
baseline, and its JSON holds every figure. No timing is asserted: machines are noisy."""

import glob
import json
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from session import bench
from session.bench.breakdown import format_lines

LATENCY_KEYS = {"p50", "p95", "p99", "max", "mean", "count"}
PHASE_KEYS = {
    "clients",
    "connected",
    "actions",
    "deliveries",
    "missed",
    "latency_ms",
    "actions_per_s",
    "frame_bytes_mean",
    "rss_before_kib",
    "rss_after_kib",
    "rss_per_connection_kib",
    "server_cpu_s",
    "server_cpu_percent",
    "without_first_view",
    "closed_by_server",
}


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("bench") / "bench.json"
    # Its own thread: the browser tests' Playwright may hold an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(bench.main, ["--quick", "--quiet", "--json", str(out)]).result() == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_the_report_has_every_figure(report):
    assert {"config", "machine", "session", "baseline", "burst", "ratio", "targets"} <= report.keys()
    for phase in ("session", "baseline"):
        assert PHASE_KEYS <= report[phase].keys()
        assert LATENCY_KEYS <= report[phase]["latency_ms"].keys()
    assert {"p50", "p95", "p99", "max", "actions_per_s", "rss_per_connection"} <= report["ratio"].keys()
    assert report["config"]["clients"] == bench.QUICK_CLIENTS
    assert report["config"]["actions"] == bench.QUICK_ACTIONS
    assert "le_24_kib_per_connection" in report["targets"]


def test_the_report_says_where_a_connections_memory_goes(report):
    memory = report["session"]["memory"]
    assert memory["connections"] == bench.QUICK_CLIENTS
    assert memory["traced_kib_per_connection"] > 0
    assert memory["sites"] and all(site["site"] and site["bytes_per_connection"] > 0 for site in memory["sites"])


def test_figures_are_positive(report):
    for phase in ("session", "baseline"):
        figures = report[phase]
        for key in ("p50", "p95", "p99", "max"):
            assert figures["latency_ms"][key] > 0
        assert figures["latency_ms"]["p50"] <= figures["latency_ms"]["p99"] <= figures["latency_ms"]["max"]
        assert figures["actions_per_s"] > 0
        assert figures["frame_bytes_mean"] > 0
        assert figures["rss_before_kib"] > 0 and figures["rss_after_kib"] > 0
        assert figures["server_cpu_s"] >= 0
    for key in ("p50", "p99", "actions_per_s"):
        assert report["ratio"][key] > 0


def test_every_client_got_every_update(report):
    for phase in ("session", "baseline"):
        figures = report[phase]
        assert figures["connected"] == figures["clients"] == bench.QUICK_CLIENTS
        assert figures["actions"] == bench.QUICK_ACTIONS and not figures["failed_actions"]
        assert figures["missed"] == 0
        assert figures["without_first_view"] == 0
        assert figures["closed_by_server"] == {}
    # The same clients and actions on both servers: the same number of deliveries.
    assert report["session"]["deliveries"] == report["baseline"]["deliveries"] > 0


def test_the_report_says_where_an_actions_time_goes(report):
    """Each stage's median over the actions, for both servers: the chair's answer comes before the
    first client has the update (nothing is shown before it is committed), and the stages add up."""
    found = report["where_the_time_goes"]
    for phase in ("session", "baseline"):
        stages = found[phase]
        assert stages["first_client_ms"] > 0 and stages["first_to_last_ms"] >= 0
    session = found["session"]
    assert 0 < session["answer_ms"]
    assert session["answer_to_first_ms"] == pytest.approx(max(0.0, session["first_client_ms"] - session["answer_ms"]))
    assert set(report["session"]["latency_ms_by_worker"]) == {"acting"}  # one worker: every client is on it
    assert len(report["session"]["server_cpu_percent_each"]) == 1
    assert "p50_within_1_6x_baseline" in report["targets"]
    printed = "\n".join(format_lines(found, report["session"]))
    assert "the chair's answer" in printed and "broadcast's trip" not in printed


def test_the_delegates_burst_loses_and_duplicates_nothing(report):
    burst = report["burst"]
    delegates = report["config"]["delegates_per_room"]["plenary"]
    assert delegates > 0 and burst["delegates"] == delegates
    assert burst["accepted"] == delegates
    assert burst["lost"] == 0
    assert burst["duplicates"] == 0
    assert burst["answers"] == {"accepted": delegates}
    assert burst["chair_queue_max_seen"] >= burst["chair_queue_target"]
    assert burst["chair_queue_shows_all_s"] is not None and burst["chair_queue_shows_all_s"] > 0


def test_the_long_day_times_the_same_actions_early_and_after_600_statements(tmp_path):
    """`--long-day`, small: both phases run on a plenary filled before its server starts, every client
    gets every update, and the JSON holds both and their ratios (no ratio asserted: timings)."""
    out = tmp_path / "long-day.json"
    argv = ["--long-day", "--clients", "24", "--delegates", "8", "--actions", "6", "--quiet", "--json", str(out)]
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(bench.main, argv).result() == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["early"]["heard_before"] == 20 and result["late"]["heard_before"] == 600
    for phase in (result["early"], result["late"]):
        assert PHASE_KEYS <= set(phase)
        assert phase["connected"] == phase["clients"] == 24
        assert phase["missed"] == 0 and not phase["failed_actions"]
    assert set(result["ratio"]) == {"send_ms_p50", "send_ms_p99", "latency_ms_p99", "frame_bytes_mean"}
    assert all(ratio > 0 for ratio in result["ratio"].values())


@pytest.mark.skipif(
    not glob.glob("/usr/lib/postgresql/*/bin/initdb") or shutil.which("redis-server") is None,
    reason="PostgreSQL and Redis (Debian's packages, as tests/workers uses them) are not installed",
)
def test_two_workers_on_postgresql_and_redis_deliver_everything(tmp_path):
    """`--workers 2`, small: two session servers on the PostgreSQL and Redis the bench starts, against
    two bare ones; every client of either gets every update (no timing asserted)."""
    out = tmp_path / "workers.json"
    argv = ["--workers", "2", "--clients", "50", "--actions", "6", "--quiet", "--json", str(out)]
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(bench.main, argv).result() == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["config"]["workers"] == 2
    for phase in ("session", "baseline"):
        assert report[phase]["connected"] == report[phase]["clients"] == 50
        assert report[phase]["missed"] == 0 and not report[phase]["failed_actions"]
    assert report["session"]["deliveries"] == report["baseline"]["deliveries"] > 0
    assert report["targets"]["every_client_got_every_update"]
    # Where the time goes: the clients of the acting chair's worker and of the other, told apart, and
    # each worker's CPU.
    assert set(report["session"]["latency_ms_by_worker"]) == {"acting", "other"}
    assert all(d["count"] > 0 for d in report["session"]["latency_ms_by_worker"].values())
    assert "broadcast_hop_p50_ms" in report["where_the_time_goes"]
    assert len(report["session"]["server_cpu_percent_each"]) == 2
    printed = "\n".join(format_lines(report["where_the_time_goes"], report["session"]))
    assert "the broadcast's trip" in printed and "each worker's CPU" in printed
