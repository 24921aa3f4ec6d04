#!/usr/bin/env python3
"""The portal and the published set on a phone, in a real browser.

    python3 portal_phone.py ENVFILE SCREENSHOT_DIR

ENVFILE is the portal.env of Scripts/portal-workspace.sh.  Headless Chromium emulates a phone
390 CSS pixels wide (an iPhone 12 to 15: 390 × 844, touch, device pixel ratio 2) and does a focal
point's and the secretariat's work with the page's own controls:

1. TT sets a password with the sign-in link and lands on the dashboard;
2. TT opens the round, follows a section's "Comment on …" link, and sends a comment;
3. TT reads the changes, the procedure's history and the activity log;
4. TT approves with a reservation on one section;
5. the secretariat signs in and disposes of TT-1 on the round page;
6. TT opens the published set: its index, every procedure page it links, and the state pages
   of a member consulted (TT), one not consulted (HT) and a territory (AI).

Every page, besides the checks of portal_browser.py (console, `.problem`, axe-core on portal
pages), must fit the screen: the page does not scroll sideways, and nothing sticks out of it
unless it sits in a box that scrolls sideways within the screen (a wide table of a procedure).
Text is not shrunk to fit: the root font size stays at 16 px or more.  Each page is saved as a
full-page PNG (NN-who-label.png) in SCREENSHOT_DIR.  Exits 0 only when every check passed.
"""

import sys

from selenium.webdriver.common.by import By

from portal_browser import (OFFICIALS, Browser, CheckFailed, check_dashboard, comment, participant_position, report, run,
                            sign_in, sign_out)

WIDTH, HEIGHT = 390, 844
DETECTION = "SOP-004#detection"
BOARDING = "SOP-004#boarding"
STATES = ("TT", "HT", "AI")  # consulted, not consulted, a territory
COMMENT = "At night a patrol boat may be out of radio range for more than an hour."

# What sticks out of the screen: elements wider than it that no sideways-scrolling box inside
# the screen holds.  Returns one line per element (the first 8), empty when everything fits.
OVERFLOW = """
    const width = document.documentElement.clientWidth;
    const found = [];
    if (document.documentElement.scrollWidth > width + 1) {
        found.push(`the page is ${document.documentElement.scrollWidth} px wide on a ${width} px screen`);
    }
    const held = (element) => {
        for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
            const overflow = getComputedStyle(box).overflowX;
            if (overflow === "auto" || overflow === "scroll") return box.getBoundingClientRect().right <= width + 1;
        }
        return false;
    };
    const name = (element) => element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
        + (element.className && typeof element.className === "string" ? "." + element.className.trim().split(/\\s+/).join(".") : "");
    for (const element of document.body.querySelectorAll("*")) {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || box.right <= width + 1 || box.left < 0) continue;
        if (held(element)) continue;
        const path = [];
        for (let up = element; up && up !== document.body && path.length < 4; up = up.parentElement) path.unshift(name(up));
        found.push(`${path.join(" > ")} reaches ${Math.round(box.right)} px: ${(element.innerText || "").trim().slice(0, 60)}`);
        if (found.length >= 8) break;
    }
    return found;
"""


class PhoneBrowser(Browser):
    """A browser the size of a phone, which checks that every page fits it."""

    def __init__(self, base, site, shots):
        super().__init__(base, shots)
        self.site = site.rstrip("/")
        self.pages = 0
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 2, "mobile": True})
        self.driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})

    def loaded(self, label):
        super().loaded(label)
        width = self.driver.execute_script("return document.documentElement.clientWidth")
        self.expect(width == WIDTH, f"the page is laid out {width} px wide, not the phone's {WIDTH} px (is the viewport meta tag there?)")
        overflow = self.driver.execute_script(OVERFLOW)
        if overflow:
            raise CheckFailed(f"{self.driver.current_url} does not fit a {WIDTH} px screen:\n    " + "\n    ".join(overflow))
        size = self.driver.execute_script("return parseFloat(getComputedStyle(document.documentElement).fontSize)")
        self.expect(size >= 16, f"the text is {size} px, smaller than 16 px")
        self.pages += 1

    def tap(self, element, label):
        """Scrolls an element into view and taps it, as a thumb would, then checks the page it leads to."""
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        self.submit(element, label)


def first_sign_in(browser, env, who):
    """`who` sets a password with its sign-in link and lands on the dashboard."""
    if browser.driver.find_elements(By.CSS_SELECTOR, "form.signout"):
        sign_out(browser)
    browser.who = who
    link, email, _, password = OFFICIALS[who]
    browser.open(env[link], "welcome")
    browser.expect(email in browser.find("main").text, f"the welcome page does not name {email}")
    browser.fill("#password", password)
    browser.fill("#confirm", password)
    browser.tap(browser.find('form[action^="/welcome/"] button[type="submit"]'), "dashboard")
    check_dashboard(browser)


def step_password(browser, env):
    """1. The sign-in link and a password, on the phone."""
    first_sign_in(browser, env, "TT")
    report("TT: set a password and reached the dashboard on a 390 px screen")


def step_comment(browser, env):
    """2. A comment through a section's own link."""
    browser.tap(browser.find(f'table a[href="/rounds/{env["ROUND"]}"]', what="link to the round on the dashboard"), "round")
    section = browser.find(f'section.clause[data-anchor="{DETECTION}"]', what=f"section {DETECTION}")
    browser.tap(browser.find(".comment-here a", section, what=f"the 'Comment on' link of {DETECTION}"), "round-comment-form")
    form = browser.find("#comment-form form", what="comment form")
    chosen = browser.find("#section", form).get_attribute("value")
    browser.expect(chosen == DETECTION, f"the link preselected {chosen!r}, not {DETECTION}")
    browser.choose("#type", "te", form)
    browser.fill("#text", COMMENT, form)
    browser.tap(browser.find('button[type="submit"]', form), "round-after-comment")
    browser.expect(COMMENT in comment(browser, "TT-1").text, "TT-1 is not on the round page")
    report(f"TT: commented on {DETECTION} through its own link (TT-1)")


def step_reading(browser, env):
    """3. Changes, history and the activity log."""
    browser.tap(browser.find_text(".actions a", "What this revision changes"), "changes")
    browser.find(".redline", what="the words the revision changes")
    browser.open(f"/rounds/{env['ROUND']}", "round")
    browser.tap(browser.find_text("section.procedure h2 a", "history"), "history")
    browser.open(f"/rounds/{env['ROUND']}", "round")
    browser.tap(browser.find_text(".actions a", "Activity log"), "log")
    rows = browser.driver.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    browser.expect(any("TT-1" in row.text for row in rows), "the activity log does not list TT-1")
    report(f"TT: read the changes, SOP-004's history and the activity log ({len(rows)} entries)")


def step_position(browser, env):
    """4. Approve with a reservation."""
    browser.open(f"/rounds/{env['ROUND']}", "round")
    browser.tap(browser.find_text(".actions a", "Trinidad and Tobago (TT)", what="the link to TT's position"), "position")
    form = browser.find(f'form[action="/rounds/{env["ROUND"]}/position"]', what="position form")
    browser.find('input[name="stance"][value="approve"]', form).click()
    reserve = browser.find(f'input[name="reserve"][value="{BOARDING}"]', form, what=f"reservation box of {BOARDING}")
    browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", reserve)
    reserve.click()
    browser.fill('textarea[name="statement"]', "Trinidad and Tobago boards under its Territorial Sea Act.", form)
    browser.tap(browser.find('button[type="submit"]', form), "round-after-position")
    position = participant_position(browser, "TT")
    browser.expect("approve" in position.lower(), f"TT's position reads {position!r}")
    report(f"TT: approved with a reservation on {BOARDING}; the table reads {position!r}")


def step_disposition(browser, env):
    """5. The secretariat answers TT-1 on its phone."""
    first_sign_in(browser, env, "SEC")
    browser.open(f"/rounds/{env['ROUND']}", "round")
    article = comment(browser, "TT-1")
    summary = browser.find_text("details summary", "Disposition", article, what="the disposition of TT-1")
    browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
    summary.click()
    form = browser.find('form[action$="/disposition"]', article, what="disposition form of TT-1")
    browser.choose('select[name="resolution"]', "accepted", form)
    browser.fill('textarea[name="reason"]', "Agreed: one hour from regaining radio contact.", form)
    browser.tap(browser.find('button[type="submit"]', form), "round-after-disposition")
    browser.expect("accepted" in comment(browser, "TT-1").text.lower(), "TT-1 is not shown accepted")
    report("secretariat: disposed of TT-1 as accepted")


def step_published_set(browser, env):
    """6. The set in force: every procedure page, and three kinds of state page."""
    sign_in(browser, "TT")
    browser.open(browser.site + "/index.html", "site-index")
    links = [element.get_attribute("href") for element in browser.driver.find_elements(By.CSS_SELECTOR, "main a[href]")]
    pages = sorted({link.partition("#")[0] for link in links
                    if "/procedures/" in link or any(link.endswith(f"/states/{code}.html") for code in STATES)})
    browser.expect(any("/procedures/" in page for page in pages) and sum("/states/" in page for page in pages) == len(STATES),
                   f"the index does not link every procedure and the pages of {', '.join(STATES)}: {pages}")
    for page in pages:
        name = page.rsplit("/", 2)
        browser.open(page, f"site-{name[-2]}-{name[-1].removesuffix('.html')}")
    report(f"TT: {len(pages)} pages of the set in force fit the screen")


STEPS = [
    ("1 password", step_password),
    ("2 a comment", step_comment),
    ("3 changes, history and log", step_reading),
    ("4 a position with a reservation", step_position),
    ("5 a disposition", step_disposition),
    ("6 the set in force", step_published_set),
]


def main():
    return run("portal_phone.py", ["BASE", "SITE", "ROUND", "LINK_TT", "LINK_SEC"], lambda env, shots: PhoneBrowser(env["BASE"], env["SITE"], shots),
               STEPS, lambda browser: f"{browser.pages} pages fit a {WIDTH} px screen")


if __name__ == "__main__":
    sys.exit(main())
