"""Six languages, chosen per person: the phone's by default, a switch on every page; Arabic mirrored."""

from playwright.sync_api import expect

from session.domain.permissions import Role
from session.web.i18n import translator

ROOM = "rt3"


def test_a_french_phone_gets_french_and_french_names(live, open_page):
    fr = translator("fr")
    phone = open_page(live.code(ROOM, Role.DELEGATE, "MEX"), "phone", locale="fr-FR")
    assert phone.locator("html").get_attribute("lang") == "fr"
    expect(phone.get_by_role("heading", name="Mexique")).to_be_visible()
    phone.get_by_role("button", name=fr("Request the floor")).click()
    expect(phone.get_by_text(fr("You are number %(n)s in the queue", n=1))).to_be_visible()
    expect(phone.get_by_role("button", name=fr("Withdraw request"))).to_be_visible()
    assert fr("Request the floor") != "Request the floor"


def test_the_switch_on_every_page_changes_the_language_and_remembers_it(live, open_page):
    page = open_page(path=f"/rooms/{ROOM}/observe")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()
    es = translator("es")
    expect(page.get_by_role("region", name=es("Current speaker"))).to_be_visible()
    page.goto(f"{live.base_url}/")
    assert page.locator("html").get_attribute("lang") == "es"


def test_the_arabic_delegate_page_reads_right_to_left(live, open_page, artifacts):
    ar = translator("ar")
    live.api(ROOM, live.code(ROOM, Role.CHAIR), action="request_floor", participant="PHL")
    phone = open_page(live.code(ROOM, Role.DELEGATE, "EGY"), "phone", locale="ar")
    html = phone.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")
    phone.get_by_role("button", name=ar("Request the floor")).click()
    expect(phone.get_by_text(ar("You are number %(n)s in the queue", n=2))).to_be_visible()
    home = phone.locator(".bar .home").bounding_box()
    view = phone.locator(".bar .view-name").bounding_box()
    assert home["x"] > view["x"]  # mirrored: the way home sits on the right, the page's name on the left
    position = phone.locator(".entry .pos").first.bounding_box()
    name = phone.locator(".entry .who").first.bounding_box()
    assert position["x"] > name["x"]  # numbers lead from the right
    phone.screenshot(path=str(artifacts / "delegate-ar.png"))


def test_the_big_screen_can_show_a_second_language(live, open_page):
    chair = live.code(ROOM, Role.CHAIR)
    live.api(ROOM, chair, action="call", participant="CIV")
    screen = open_page(path=f"/rooms/{ROOM}/screen?second=fr", device="screen")
    current = screen.get_by_role("region", name="Current speaker")
    expect(current).to_contain_text("Côte d'Ivoire")
    expect(current.locator("[lang=fr]")).to_have_text("Côte d'Ivoire")
    live.api(ROOM, chair, action="call", participant="DEU")
    expect(current.locator("[lang=fr]")).to_have_text("Allemagne")
    expect(current.locator(".speaker-name")).to_have_text("Germany")
