"""What a delegate's phone downloads: measured and printed (a figure for the record, not a timing)."""

from session.domain.permissions import Role

BUDGET = 60 * 1024  # compressed bytes over the wire, everything the page loads


def test_the_delegate_page_is_light_on_the_wire(live, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    responses = []
    page.on("response", lambda r: responses.append(r) if r.status == 200 else None)  # a cold phone, cache empty
    page.goto(f"{live.base_url}/join/{live.code('rt1', Role.DELEGATE, 'MEX')}")
    page.locator('form[action="/join"] button[type="submit"]').click()  # the one confirmation tap
    page.wait_for_url("**/rooms/rt1/delegate")
    page.wait_for_load_state("networkidle")
    sizes = {r.url.split("?")[0].rsplit("/", 1)[-1] or "/": r.request.sizes() for r in responses}
    total = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes.values())
    print(f"\ndelegate page: {total / 1024:.1f} KiB over the wire in {len(sizes)} responses")
    for name, s in sorted(sizes.items(), key=lambda item: -item[1]["responseBodySize"]):
        print(f"  {name:<20} {s['responseBodySize'] / 1024:6.1f} KiB body")
    encodings = {r.url.rsplit("/", 1)[-1].split("?")[0]: r.headers.get("content-encoding") for r in responses}
    assert encodings.get("htmx.min.js") == "gzip"
    assert total < BUDGET
    context.close()


def test_static_files_are_cached_by_fingerprint(live, browser):
    context = browser.new_context()
    page = context.new_page()
    scripts = []
    page.on("response", lambda r: scripts.append(r) if "/static/" in r.url else None)
    page.goto(f"{live.base_url}/rooms/rt1/observe")
    page.wait_for_load_state("networkidle")
    assert scripts and all("?v=" in r.url for r in scripts)
    assert all("immutable" in r.headers["cache-control"] for r in scripts)
    context.close()
