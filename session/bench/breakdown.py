"""Where the time goes: an action's delay cut into its stages, from the figures the run measured.

Each action is timed at three moments seen from the chair's side: its answer (decided, written to
the log and committed, before anyone sees it), the first client that has the update, and the last.
Between the answer and the first client the server draws the views; between the first and the last
it writes every socket (and draws the delegates' own boxes). With several workers, the clients of
the acting chair's worker are told from the command path, the others after the broadcast's trip.
A machine whose bench clients or a worker used a whole core measured them, not the server.
"""

from __future__ import annotations

import math
from statistics import median

SATURATED_PERCENT = 90.0  # of a core: a process this busy is the limit of the run


def _median(values: list[float]) -> float:
    return median(values) if values else math.nan


def stages(phase: dict) -> dict:
    """The medians over the actions of each stage of one server's phase, in milliseconds."""
    actions = phase.get("per_action", [])
    answer = _median([a["answer_ms"] for a in actions])
    first = _median([a["first_ms"] for a in actions])
    return {
        "answer_ms": answer,
        "first_client_ms": first,
        "first_to_last_ms": _median([a["last_ms"] - a["first_ms"] for a in actions if a["last_ms"] >= a["first_ms"]]),
        "answer_to_first_ms": max(0.0, first - answer) if not math.isnan(first + answer) else math.nan,
    }


def where_the_time_goes(report: dict) -> dict:
    """The stages of both phases, the workers' and the clients' CPU, and what limited the run."""
    s, b = report["session"], report["baseline"]
    limits: list[str] = []
    found: dict = {"session": stages(s), "baseline": stages(b), "limits": limits}
    by_worker = s.get("latency_ms_by_worker", {})
    if "other" in by_worker and "acting" in by_worker:
        found["broadcast_hop_p50_ms"] = by_worker["other"]["p50"] - by_worker["acting"]["p50"]
    for name, phase in (("session", s), ("baseline", b)):
        if phase.get("client_cpu_percent", 0) >= SATURATED_PERCENT:
            limits.append(f"the bench's clients used a whole core during the {name} phase")
        for i, percent in enumerate(phase.get("server_cpu_percent_each", []), 1):
            if percent >= SATURATED_PERCENT:
                limits.append(f"{name} server {i} used a whole core")
    return found


def format_lines(found: dict, session: dict) -> list[str]:
    """The breakdown as the table prints it when a delivery target is missed."""
    s, b = found["session"], found["baseline"]

    def ms(value: float) -> str:
        return "—" if math.isnan(value) else f"{value:.1f}"

    lines = [
        "",
        "where the time goes (medians over the actions, ms)          session  baseline",
        f"  sent → the chair's answer (decided, written, committed)    {ms(s['answer_ms']):>7}  {'—':>8}",
        f"  the answer → the first client (the views drawn)            {ms(s['answer_to_first_ms']):>7}  {'—':>8}",
        f"  sent → the first client                                    {ms(s['first_client_ms']):>7}  "
        f"{ms(b['first_client_ms']):>8}",
        f"  the first client → the last (every socket written)         {ms(s['first_to_last_ms']):>7}  "
        f"{ms(b['first_to_last_ms']):>8}",
    ]
    by_worker = session.get("latency_ms_by_worker", {})
    if "broadcast_hop_p50_ms" in found:
        lines.append(
            f"  delivery p50 on the acting chair's worker {by_worker['acting']['p50']:.1f} ms, on the others "
            f"{by_worker['other']['p50']:.1f} ms (the broadcast's trip: {found['broadcast_hop_p50_ms']:.1f} ms)"
        )
    each = session.get("server_cpu_percent_each", [])
    if len(each) > 1:
        lines.append("  each worker's CPU (% of a core): " + ", ".join(f"{p:.0f}" for p in each))
    lines += [f"  limit: {limit}" for limit in found["limits"]]
    return lines
