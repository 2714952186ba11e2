"""The report: session against the baseline, the targets, as a table and as JSON."""

from __future__ import annotations

import math

from session.bench.breakdown import format_lines
from session.bench.meeting import BURST_TIMEOUT_S
from session.bench.memory import format_breakdown

# Targets from the issue.
TARGET_P99_MS = 150.0
TARGET_RATIO = 1.5
TARGET_P50_RATIO = 1.6  # the durable commit before the first push is the most of the difference
TARGET_KIB_PER_CONNECTION = 24.0  # the bare broadcast holds about 16


def versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("websockets", "uvicorn", "starlette"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            pass
    return found


def ratio_of(a: float, b: float) -> float:
    return a / b if b and not math.isnan(a) and not math.isnan(b) else math.nan


def ratios(session: dict, baseline: dict) -> dict:
    ratio = ratio_of
    out = {k: ratio(session["latency_ms"][k], baseline["latency_ms"][k]) for k in ("p50", "p95", "p99", "max")}
    out["actions_per_s"] = ratio(session["actions_per_s"], baseline["actions_per_s"])
    out["rss_per_connection"] = ratio(session["rss_per_connection_kib"], baseline["rss_per_connection_kib"])
    return out


def targets(report: dict) -> dict:
    s, b, burst = report["session"], report["baseline"], report["burst"]
    out = {
        "p99_le_150_ms": s["latency_ms"]["p99"] <= TARGET_P99_MS,
        "p99_within_1_5x_baseline": report["ratio"]["p99"] <= TARGET_RATIO,
        "p50_within_1_6x_baseline": report["ratio"]["p50"] <= TARGET_P50_RATIO,
        "le_24_kib_per_connection": s["rss_per_connection_kib"] <= TARGET_KIB_PER_CONNECTION,
        "every_client_got_every_update": all(
            x["missed"] == 0
            and not x["failed_actions"]
            and x["connected"] == x["clients"]
            and not x["without_first_view"]
            and not x["closed_by_server"]
            for x in (s, b)
        ),
    }
    if burst:
        out["burst_all_accepted"] = (
            burst["accepted"] == burst["delegates"] and burst["lost"] == 0 and burst["duplicates"] == 0
        )
    return out


def format_table(report: dict) -> str:
    cfg, s, b, r, burst = report["config"], report["session"], report["baseline"], report["ratio"], report["burst"]
    lines = [
        (
            f"session bench — {cfg['clients']} clients in {len(cfg['rooms'])} rooms "
            f"({', '.join(f'{k} {v}' for k, v in cfg['clients_per_room'].items())}), "
            f"{cfg['actions']} chair actions; {report['machine']['cpus']} CPUs, Python {report['machine']['python']}, "
            f"websockets {report['machine']['versions'].get('websockets', '?')}, "
            f"uvicorn {report['machine']['versions'].get('uvicorn', '?')}"
        ),
        "",
        f"{'':<40}{'session':>12}{'baseline':>12}{'ratio':>9}",
    ]

    def row(label: str, a: float, c: float, rt: float | None = None, fmt: str = "{:.1f}") -> None:
        def cell(v: float) -> str:
            return fmt.format(v) if isinstance(v, int | float) and not math.isnan(v) else "—"

        lines.append(
            f"{label:<40}{cell(a):>12}{cell(c):>12}{(f'{rt:.2f}×' if rt is not None and not math.isnan(rt) else ''):>9}"
        )

    for k in ("p50", "p95", "p99", "max"):
        row(f"delivery to each client, {k} (ms)", s["latency_ms"][k], b["latency_ms"][k], r[k])
    for slug, dist in s["latency_ms_by_room"].items():
        other = b["latency_ms_by_room"].get(slug, {}).get("p99", math.nan)
        row(
            f"  {slug} ({cfg['clients_per_room'][slug]} clients), p99 (ms)",
            dist["p99"],
            other,
            ratio_of(dist["p99"], other),
        )
    row("until an action's last client, p50 (ms)", s["all_clients_ms"]["p50"], b["all_clients_ms"]["p50"])
    row("until an action's last client, max (ms)", s["all_clients_ms"]["max"], b["all_clients_ms"]["max"])
    row("chair's answer / broadcast trigger, p50 (ms)", s["send_ms"]["p50"], b["send_ms"]["p50"])
    row("actions per second (one at a time)", s["actions_per_s"], b["actions_per_s"], r["actions_per_s"])
    row("deliveries measured", s["deliveries"], b["deliveries"], fmt="{:.0f}")
    row("deliveries missed", s["missed"], b["missed"], fmt="{:.0f}")
    row("frame size, mean (bytes)", s["frame_bytes_mean"], b["frame_bytes_mean"], fmt="{:.0f}")
    row(
        "server RSS growth per connection (KiB)",
        s["rss_per_connection_kib"],
        b["rss_per_connection_kib"],
        r["rss_per_connection"],
    )
    row("server RSS idle with all clients (MiB)", s["rss_after_kib"] / 1024, b["rss_after_kib"] / 1024)
    row("server CPU over the actions (% of a core)", s["server_cpu_percent"], b["server_cpu_percent"], fmt="{:.0f}")
    row(
        "server CPU per action (ms)",
        s["server_cpu_ms_per_action"],
        b["server_cpu_ms_per_action"],
        ratio_of(s["server_cpu_ms_per_action"], b["server_cpu_ms_per_action"]),
    )
    row("bench clients' CPU (% of a core)", s["client_cpu_percent"], b["client_cpu_percent"], fmt="{:.0f}")
    if s["failed_actions"]:
        lines.append(f"failed actions: {'; '.join(s['failed_actions'][:5])}")
    if s["connected"] < s["clients"] or b["connected"] < b["clients"]:
        lines.append(
            f"connected: session {s['connected']}/{s['clients']}, baseline {b['connected']}/{b['clients']}; "
            f"errors {s['connect_errors'][:3]} {b['connect_errors'][:3]}"
        )
    for name, x in (("session", s), ("baseline", b)):
        if x["without_first_view"] or x["closed_by_server"]:
            lines.append(
                f"{name}: {x['without_first_view']} clients never got their first view; "
                f"closed by the server: {x['closed_by_server']}"
            )
    if s.get("server_log_errors"):
        lines.append(f"server log errors: {s['server_log_errors'][:3]}")
    lines += format_breakdown(s.get("memory", {}))
    t = report["targets"]
    if not (t["p99_le_150_ms"] and t["p99_within_1_5x_baseline"] and t["p50_within_1_6x_baseline"]):
        lines += format_lines(report["where_the_time_goes"], s)
    if burst:
        shows = burst["chair_queue_shows_all_s"]
        lines += [
            "",
            (
                f'burst: {burst["delegates"]} plenary delegates pressed "Request the floor" within '
                f"{burst['send_window_ms']:.0f} ms — accepted {burst['accepted']}, duplicates {burst['duplicates']}, "
                f"lost {burst['lost']}; answers {burst['answers']}"
            ),
            "       the chair's queue showed all of them after "
            + (
                f"{shows * 1000:.0f} ms"
                if shows is not None
                else f"— (never within {BURST_TIMEOUT_S:.0f} s; max seen {burst['chair_queue_max_seen']}"
                f"/{burst['chair_queue_target']})"
            )
            + f"; each delegate's own answer p50 {burst['ack_ms']['p50']:.0f} ms, max {burst['ack_ms']['max']:.0f} ms",
        ]

    def mark(ok: bool) -> str:
        return "met" if ok else "MISSED"

    lines += [
        "",
        "targets: "
        f"p99 ≤ {TARGET_P99_MS:.0f} ms {mark(t['p99_le_150_ms'])}; "
        f"p99 ≤ {TARGET_RATIO}× baseline {mark(t['p99_within_1_5x_baseline'])}; "
        f"p50 ≤ {TARGET_P50_RATIO}× baseline {mark(t['p50_within_1_6x_baseline'])}; "
        f"≤ {TARGET_KIB_PER_CONNECTION:.0f} KiB per connection {mark(t['le_24_kib_per_connection'])}; "
        f"every update delivered {mark(t['every_client_got_every_update'])}"
        + (f"; burst all accepted {mark(t['burst_all_accepted'])}" if "burst_all_accepted" in t else ""),
    ]
    return "\n".join(lines)


def clean(value):
    """JSON without NaN (not valid JSON): null instead."""
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    return value
