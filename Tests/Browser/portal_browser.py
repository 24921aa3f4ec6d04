#!/usr/bin/env python3
"""End-to-end test of the consultation portal in a real browser.

    python3 portal_browser.py ENVFILE SCREENSHOT_DIR

ENVFILE is the portal.env written by Scripts/portal-workspace.sh (BASE, SITE, ROUND, CLOSES and the
one-time sign-in links LINK_TT, LINK_JM, LINK_BZ, LINK_SEC).  The script drives headless
Chromium through Debian's chromedriver (Selenium; nothing is downloaded) over one whole round:

1. every official (TT, JM, BZ and the secretariat) sets a password with the sign-in link,
   lands on the dashboard, signs out with the header button and signs in again at /signin;
2. TT finds the round on the dashboard, selects the words "within one hour" in section
   SOP-004#detection with a real mouse drag, and portal.js fills the comment form's section
   and quote from that selection; TT sends a blocking technical comment on those words;
3. JM comments on another section chosen in the form, without a selection;
4. the secretariat disposes TT-1 as "modified" (with a reason) and JM-1 as "accepted";
5. TT lifts its blocking comment;
6. TT, JM and BZ approve, BZ with a reservation on SOP-004#boarding;
7. a commit on main replaces the published set's search.js with a script that opens TT's
   position page and posts an objection in TT's name; TT, signed in, opens the set (served on
   its own origin, SITE, in a sandbox): the script can open nothing and TT still approves;
8. the secretariat sees the outcome "adopted", closes the round, fills the adopt form, checks
   the preview of what would go into force, adopts it there as set version 2027.1, and the
   published protocol set shows 2027.1 and the new wording of SOP-004.

After every page load the browser console is read and any SEVERE entry (a failed request, a
script error, a Content-Security-Policy violation) fails the run; so does a page showing a
`.problem`, or a missing element (the message names the page and its `.problem` text).
Each distinct page (welcome, dashboard, sign-in, round, round after a comment, disposition,
position, closed round, published index and procedure, ...) is saved the first time it is seen
as a full-page PNG in SCREENSHOT_DIR (01-tt-welcome.png, ...), and the page of a failure too.
Prints one line per step and check; exits 0 only when every check passed, 1 otherwise.

Use http://localhost:PORT, the address the portal's sign-in links name: its cookies are Secure,
and browsers keep Secure cookies over plain http only for local addresses.

The console must stay clean: the portal answers /favicon.ico (204) rather than 404.
"""

import base64
import os
import subprocess
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PAGE_TIMEOUT = 60  # seconds; closing and adopting a round signs events and publishes the set

ROUND_TITLE = "Night-time reporting of maritime interceptions"
DETECTION = "SOP-004#detection"
SCREENING = "SOP-004#screening"
BOARDING = "SOP-004#boarding"
NEW_WORDS = "within one hour"
SET_VERSION = "2027.1"

# The accounts of the sample workspace: the env key of the sign-in link, the e-mail address,
# the participant the header names, and the password this run sets (12 to 72 characters).
OFFICIALS = {
    "TT": ("LINK_TT", "ana.ruiz@immigration.gov.tt", "TT", "harbour lantern tide TT"),
    "JM": ("LINK_JM", "paul.brown@pica.gov.jm", "JM", "harbour lantern tide JM"),
    "BZ": ("LINK_BZ", "maria.chen@immigration.gov.bz", "BZ", "harbour lantern tide BZ"),
    "SEC": ("LINK_SEC", "desk@cmc.example.org", "secretariat", "harbour lantern tide SEC"),
}


def axe_script():
    """axe-core as the selenium-axe-python package ships it (PyPI; `make deps` installs it)."""
    import selenium_axe_python
    with open(os.path.join(os.path.dirname(selenium_axe_python.__file__), "axe-core", "axe.min.js"), encoding="utf-8") as file:
        return file.read()


AXE = axe_script()


class CheckFailed(Exception):
    """A check of the current step did not hold."""


def report(line):
    print(f"  ok    {line}", flush=True)


class Browser:
    """One headless Chromium, and the checks every page goes through."""

    def __init__(self, base, shots, languages=None):
        """`languages` ("fr-HT,fr"), when given, is the browser's: its interface and the
        Accept-Language it sends."""
        self.base = base.rstrip("/")
        self.shots = shots
        self.count = 0
        self.labels = set()  # pages already saved
        self.who = "anon"  # who is signed in, for the screenshots' names
        self.audited = set()  # kinds of page axe-core has checked
        self.pages_audited = 0
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1600"):
            options.add_argument(argument)
        if languages:
            options.add_argument(f"--lang={languages.split(',')[0]}")
            options.add_experimental_option("prefs", {"intl.accept_languages": languages})
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.driver.set_page_load_timeout(PAGE_TIMEOUT)

    def quit(self):
        self.driver.quit()

    # --- pages ---------------------------------------------------------------------------------

    def open(self, path, label):
        """Loads a page (a path on the portal, or a whole URL) and checks it."""
        self.driver.get(path if path.startswith("http") else self.base + path)
        self.loaded(label)

    def submit(self, button, label):
        """Clicks a form's submit button, waits for the page it leads to, and checks that."""
        # A mark on the old page's window, gone once another document has loaded.  (Selenium's
        # staleness_of is not used: during a navigation chromedriver sometimes answers it with
        # "Node with given id does not belong to the document" instead of a stale element.)
        self.driver.execute_script("window.portalTestOldPage = true")
        button.click()
        try:
            self.wait_for("return !window.portalTestOldPage && document.readyState === 'complete'")
        except TimeoutException:
            raise CheckFailed(f"sending the form on {self.driver.current_url} did not lead to another page")
        self.loaded(label)

    def wait_for(self, script):
        """Waits until `script` returns true, ignoring the browser's errors while a page changes."""
        WebDriverWait(self.driver, PAGE_TIMEOUT, ignored_exceptions=(WebDriverException,)).until(
            lambda driver: driver.execute_script(script))

    def loaded(self, label):
        """Every page: wait for it, a screenshot, no `.problem`, no console errors, and no
        serious or critical accessibility violation."""
        self.wait_for("return document.readyState === 'complete'")
        self.screenshot(label)
        problems = self.driver.find_elements(By.CSS_SELECTOR, ".problem")
        if problems:
            raise CheckFailed(f"{self.driver.current_url} says: {problems[0].text}")
        self.check_console()
        self.check_accessibility(label)

    def check_accessibility(self, label):
        """Runs axe-core (WCAG 2.0, 2.1 and 2.2, A and AA) on the page, once per kind of page,
        and fails on any serious or critical violation, naming the rule and the elements."""
        # The published set's own origin forbids scripts but its own (a sandbox): the portal's
        # pages are audited here, the set's pages by the publishing tests.
        if label in self.audited or not self.driver.current_url.startswith(self.base):
            return
        self.audited.add(label)
        self.driver.execute_script(AXE)
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
            ".then(r => done(r.violations.map(v => [v.id, v.impact, v.help, v.nodes.slice(0, 3).map(n => n.target.join(' '))])))"
            ".catch(e => done([['axe', 'critical', String(e), []]]))")
        serious = [v for v in result if v[1] in ("serious", "critical")]
        if serious:
            raise CheckFailed(f"accessibility (axe-core) on {self.driver.current_url}:\n    " + "\n    ".join(
                f"{rule} ({impact}): {help} at {', '.join(nodes)}" for rule, impact, help, nodes in serious))
        self.pages_audited += 1

    def check_console(self):
        """Fails on any SEVERE console entry since the last look (CSP violations are SEVERE)."""
        severe = [entry["message"] for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"]
        if severe:
            raise CheckFailed(f"console errors on {self.driver.current_url}:\n    " + "\n    ".join(severe))

    def screenshot(self, label):
        """Saves the whole page, not just the window, as NN-who-label.png, once per label
        (round pages are ~2 MB each)."""
        if label in self.labels:
            return
        if label != "failure":
            self.labels.add(label)
        self.count += 1
        name = f"{self.count:02d}-{self.who.lower()}-{label}.png"
        metrics = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
        })
        with open(os.path.join(self.shots, name), "wb") as file:
            file.write(base64.b64decode(shot["data"]))

    # --- elements and checks -------------------------------------------------------------------

    def find(self, css, within=None, what=None):
        """The first element matching `css`, or a failure naming the page and its problem."""
        try:
            return (within or self.driver).find_element(By.CSS_SELECTOR, css)
        except NoSuchElementException:
            raise CheckFailed(self.missing(what or css))

    def find_text(self, css, text, within=None, what=None):
        """The first element matching `css` whose text contains `text`."""
        for element in (within or self.driver).find_elements(By.CSS_SELECTOR, css):
            if text in element.text:
                return element
        raise CheckFailed(self.missing(what or f"{css} containing {text!r}"))

    def missing(self, what):
        problems = self.driver.find_elements(By.CSS_SELECTOR, ".problem")
        problem = f" (the page says: {problems[0].text})" if problems else ""
        return f"no {what} on {self.driver.current_url}{problem}"

    def expect(self, condition, message):
        if not condition:
            raise CheckFailed(f"{message} (on {self.driver.current_url})")

    def fill(self, css, text, within=None):
        field = self.find(css, within)
        field.clear()
        field.send_keys(text)

    def choose(self, css, value, within=None):
        Select(self.find(css, within)).select_by_value(value)

    def heading(self):
        return self.find("h1").text

    def path(self):
        """The current URL without the portal's base."""
        return self.driver.current_url[len(self.base):]


# --- pieces the steps share ------------------------------------------------------------------------

def check_dashboard(browser):
    browser.expect(browser.path() == "/", f"signing in should land on the dashboard /, not {browser.path()}")
    browser.expect(browser.heading() == "Consultations", f"the dashboard is headed {browser.heading()!r}")
    who = browser.find("header .who", what="name of the signed-in official").text  # name · participant · role
    participant = OFFICIALS[browser.who][2]
    browser.expect(who.split(" · ")[1:2] == [participant], f"the header says {who!r}, not participant {participant}")


def sign_out(browser):
    form = browser.find('header form.signout[action="/signout"]', what="sign-out form in the header")
    browser.who = "anon"
    browser.submit(browser.find('button[type="submit"]', form), "signed-out")
    browser.expect(browser.path() == "/signin", f"signing out should lead to /signin, not {browser.path()}")
    browser.expect(not browser.driver.find_elements(By.CSS_SELECTOR, "form.signout"), "still signed in after signing out")


def sign_in(browser, who):
    """Signs `who` in at /signin with the password set in step 1, signing anyone else out."""
    if browser.driver.find_elements(By.CSS_SELECTOR, "form.signout"):
        sign_out(browser)
    browser.driver.delete_all_cookies()
    browser.open("/signin", "signin")
    browser.expect(browser.heading() == "Sign in", f"the sign-in page is headed {browser.heading()!r}")
    _, email, _, password = OFFICIALS[who]
    browser.fill("#email", email)
    browser.fill("#password", password)
    browser.who = who
    browser.submit(browser.find('form[action="/signin"] button[type="submit"]'), "dashboard")
    check_dashboard(browser)


def round_page(browser, label="round"):
    browser.open(f"/rounds/{ROUND}", label)
    browser.expect(browser.heading() == ROUND_TITLE, f"the round page is headed {browser.heading()!r}")


def comments_beside(browser, anchor):
    """The comments shown in the aside of section `anchor`."""
    aside = browser.find(f'section.clause[data-anchor="{anchor}"] aside.comments', what=f"comments beside {anchor}")
    return aside.find_elements(By.CSS_SELECTOR, "article.comment")


def comment(browser, number):
    """The article of comment `number` (e.g. TT-1), wherever it is on the round page."""
    for article in browser.driver.find_elements(By.CSS_SELECTOR, "article.comment"):
        if article.find_element(By.CSS_SELECTOR, "header strong").text == number:
            return article
    raise CheckFailed(browser.missing(f"comment {number}"))


def check_fragment(browser):
    """A redirect to #something should land on the element with that id."""
    fragment = browser.driver.current_url.partition("#")[2]
    if not fragment or browser.driver.execute_script("return document.getElementById(arguments[0]) !== null", fragment):
        return
    browser.expect(False, f"the portal sent the browser to #{fragment}, but no element has that id")


def participant_position(browser, code):
    """The Position cell of participant `code` in the round page's participants table."""
    for row in browser.driver.find_elements(By.CSS_SELECTOR, "tbody tr"):
        cells = row.find_elements(By.TAG_NAME, "td")
        if len(cells) == 4 and cells[0].text.split(" ")[0] == code:
            return cells[3].text
    raise CheckFailed(browser.missing(f"row of {code} among the participants"))


def select_words(browser, anchor, words):
    """Selects `words` in the section's text by dragging the mouse over them, as a reader does."""
    driver = browser.driver
    text = browser.find(f'section.clause[data-anchor="{anchor}"] .text', what=f"text of section {anchor}")
    # Scroll the words into view and measure their first and last characters (viewport pixels).
    boxes = driver.execute_script("""
        const [root, words] = arguments;
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.data.indexOf(words);
            if (at < 0) continue;
            node.parentNode.scrollIntoView({block: "center"});
            const box = (offset) => {
                const range = document.createRange();
                range.setStart(node, offset);
                range.setEnd(node, offset + 1);
                const r = range.getBoundingClientRect();
                return {left: r.left, right: r.right, middle: (r.top + r.bottom) / 2};
            };
            return [box(at), box(at + words.length - 1)];
        }
        return null;
    """, text, words)
    browser.expect(boxes is not None, f"the words {words!r} are not in section {anchor}")
    first, last = boxes
    # Press in the left quarter of the first character, release in the right quarter of the last.
    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(round(first["left"] + (first["right"] - first["left"]) / 4), round(first["middle"]))
    actions.pointer_action.pointer_down()
    actions.pointer_action.move_to_location(round(last["right"] - (last["right"] - last["left"]) / 4), round(last["middle"]))
    actions.pointer_action.pointer_up()
    actions.perform()
    selected = driver.execute_script("return window.getSelection().toString()")
    browser.expect(" ".join(selected.split()) == words, f"dragging over {words!r} selected {selected!r}")
    browser.check_console()


# --- the steps -------------------------------------------------------------------------------------

def step_passwords(browser, env):
    """1. Each official sets a password with the link, signs out and signs in again."""
    for who, (link, email, _, password) in OFFICIALS.items():
        browser.driver.delete_all_cookies()
        browser.who = who
        browser.open(env[link], "welcome")
        browser.expect(browser.heading() == "Set your password", f"the sign-in link shows {browser.heading()!r}")
        browser.expect(email in browser.find("main").text, f"the welcome page does not name {email}")
        browser.fill("#password", password)
        browser.fill("#confirm", password)
        browser.submit(browser.find('form[action^="/welcome/"] button[type="submit"]'), "dashboard")
        check_dashboard(browser)
        sign_out(browser)
        sign_in(browser, who)
        sign_out(browser)
        report(f"{who}: set a password with the link, signed out, signed in again at /signin")


def step_tt_comments_on_selection(browser, env):
    """2. TT sees the round it owes a position in, selects words in SOP-004#detection and
    comments on them."""
    sign_in(browser, "TT")
    link = browser.find(f'table a[href="/rounds/{ROUND}"]', what=f"link to round {ROUND} on the dashboard")
    browser.expect(link.text == ROUND_TITLE, f"the dashboard calls the round {link.text!r}")
    owed = link.find_element(By.XPATH, "./ancestor::tr").find_elements(By.TAG_NAME, "td")[2].text
    browser.expect("a position" in owed, f"the dashboard says TT owes {owed!r}, not a position")
    report("TT: the dashboard lists the round and says TT owes a position")

    round_page(browser)
    select_words(browser, DETECTION, NEW_WORDS)
    quote = browser.find("#quote").get_attribute("value")
    section = browser.find("#section").get_attribute("value")
    browser.expect(quote == NEW_WORDS, f"selecting the words filled #quote with {quote!r}")
    browser.expect(section == DETECTION, f"selecting the words chose section {section!r}")
    button = browser.find("#comment-on-selection", what="button offered for the selected words")
    browser.expect(button.is_displayed() and button.text == "Comment on the selected words",
                   f"the button offered for the selection reads {button.text!r}")
    browser.screenshot("round-selection")
    button.click()  # scrolls to the form and puts the cursor in the comment field
    browser.expect(browser.driver.switch_to.active_element.get_attribute("id") == "text",
                   "the selection button did not take TT to the comment field")
    report(f"TT: selecting {NEW_WORDS!r} filled the form with {DETECTION} and the quote")

    form = browser.find("#comment-form form", what="comment form")
    browser.choose("#type", "te", form)
    browser.fill("#text", "One hour cannot be kept by outer-island stations at night.", form)
    browser.fill("#proposed", "within one hour, or two hours where the unit has no satellite link", form)
    browser.find('input[type="checkbox"][name="blocking"]', form).click()
    browser.expect(browser.find("#quote", form).get_attribute("value") == NEW_WORDS, "the quote changed while filling in")
    browser.submit(browser.find('button[type="submit"]', form), "round-after-comment")
    check_fragment(browser)

    article = comment(browser, "TT-1")
    browser.expect(article in comments_beside(browser, DETECTION), f"TT-1 is not beside section {DETECTION}")
    quoted = browser.find("blockquote.quote", article, what="quote of TT-1").text
    browser.expect(quoted == f"“{NEW_WORDS}”", f"TT-1 quotes {quoted!r}")
    browser.find("span.blocking", article, what="blocking mark on TT-1")
    browser.expect("holding" in article.get_attribute("class").split(), "TT-1 is not shown as holding the decision")
    report(f"TT: blocking comment TT-1 quoting “{NEW_WORDS}” is beside {DETECTION}")


def step_jm_comments_on_section(browser, env):
    """3. JM chooses a section in the form and comments without selecting words."""
    sign_in(browser, "JM")
    round_page(browser)
    form = browser.find("#comment-form form", what="comment form")
    browser.choose("#section", SCREENING, form)
    browser.choose("#type", "ge", form)
    browser.fill("#text", "Screening should say who records the time of disembarkation.", form)
    browser.submit(browser.find('button[type="submit"]', form), "round-after-comment")
    check_fragment(browser)
    article = comment(browser, "JM-1")
    browser.expect(article in comments_beside(browser, SCREENING), f"JM-1 is not beside section {SCREENING}")
    browser.expect(not article.find_elements(By.CSS_SELECTOR, "blockquote.quote"), "JM-1 quotes words JM did not select")
    report(f"JM: general comment JM-1 is beside {SCREENING}")


def step_secretariat_disposes(browser, env):
    """4. The secretariat answers TT-1 (modified, with a reason) and JM-1 (accepted)."""
    sign_in(browser, "SEC")
    round_page(browser)
    for number, resolution, reason in (
        ("TT-1", "modified", "One hour kept; units without a satellite link report on return to port."),
        ("JM-1", "accepted", ""),
    ):
        details = browser.find_text("details", "Disposition", comment(browser, number), what=f"Disposition box of {number}")
        browser.find("summary", details).click()
        browser.expect(details.get_attribute("open") is not None, f"the Disposition box of {number} did not open")
        browser.choose("select[name=resolution]", resolution, details)
        if reason:
            browser.fill("textarea[name=reason]", reason, details)
        browser.screenshot(f"disposition-{number.lower()}")
        browser.submit(browser.find('button[type="submit"]', details), "round-after-disposition")
        check_fragment(browser)
        shown = browser.find("p.disposition", comment(browser, number), what=f"disposition of {number}").text
        browser.expect(f"Secretariat: {resolution}" in shown, f"{number} shows {shown!r}")
        browser.expect(reason in shown, f"{number} does not show the secretariat's reason")
        report(f"SEC: {number} disposed as {resolution}")


def step_tt_lifts_block(browser, env):
    """5. TT lifts its blocking comment now that it has been answered."""
    sign_in(browser, "TT")
    round_page(browser)
    form = browser.find('form[action$="/clear"]', comment(browser, "TT-1"), what="form to lift TT-1")
    button = browser.find('button[type="submit"]', form)
    browser.expect(button.text == "Lift this blocking comment", f"the button to lift TT-1 reads {button.text!r}")
    browser.submit(button, "round-after-lift")
    check_fragment(browser)
    article = comment(browser, "TT-1")
    browser.expect("holding" not in article.get_attribute("class").split(), "TT-1 still holds the decision")
    browser.expect(not article.find_elements(By.CSS_SELECTOR, 'form[action$="/clear"]'), "TT-1 can still be lifted")
    report("TT: lifted blocking comment TT-1")


DISEMBARKATION = "SOP-004#disembarkation"
OLD_NOTICE = "at least four hours"
NEW_NOTICE = "at least six hours"


def press(browser, *keys):
    """Keys pressed on whatever has the focus, as a keyboard user does."""
    ActionChains(browser.driver).send_keys(*keys).perform()


def chord(browser, modifier, key):
    """A key pressed with a modifier held down (Shift+Tab, Ctrl+A)."""
    ActionChains(browser.driver).key_down(modifier).send_keys(key).key_up(modifier).perform()


def focused(browser):
    return browser.driver.switch_to.active_element


def tab_to(browser, element, what, limit=400):
    """Presses Tab until `element` has the focus, as a keyboard user reaches it."""
    browser.driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    for _ in range(limit):
        if focused(browser) == element:
            return
        press(browser, Keys.TAB)
    raise CheckFailed(f"Tab never reached {what} on {browser.driver.current_url}")


def step_jm_suggests_by_keyboard(browser, env):
    """5b. JM suggests new wording for paragraph 5.6.3 with the keyboard alone."""
    sign_in(browser, "JM")
    round_page(browser, "round-before-suggestion")
    section = browser.find(f'section.clause[data-anchor="{DISEMBARKATION}"]', what=f"section {DISEMBARKATION}")
    paragraph = browser.find_text(".text p", OLD_NOTICE, section, what=f"the paragraph saying {OLD_NOTICE!r}")
    button = browser.find("button.suggest", paragraph, what="the paragraph's 'Suggest wording' button")
    browser.expect(button.text == "Suggest wording", f"the paragraph's button reads {button.text!r}")
    tab_to(browser, button, "the 'Suggest wording' button of 5.6.3")
    press(browser, Keys.ENTER)
    proposed = focused(browser)
    browser.expect(proposed.get_attribute("id") == "proposed", "Enter on 'Suggest wording' did not take JM to the proposed change")
    words = proposed.get_attribute("value")
    browser.expect(words.startswith("5.6.3 The operations centre") and OLD_NOTICE in words, f"the proposed change starts as {words[:80]!r}")
    browser.expect(browser.find("#section").get_attribute("value") == DISEMBARKATION, "the form's section is not 5.6")
    quote = browser.find("#quote")
    # The quote is narrowed to the words concerned, and the new wording typed, by keyboard.
    chord(browser, Keys.SHIFT, Keys.TAB)  # to the comment
    press(browser, "The reception team needs more notice to call in health and child protection staff.")
    for _ in range(6):  # back up to the quote: comment, paragraph, type, quote
        if focused(browser) == quote:
            break
        chord(browser, Keys.SHIFT, Keys.TAB)
    browser.expect(focused(browser) == quote, "Shift+Tab did not reach the quoted words")
    chord(browser, Keys.CONTROL, "a")
    press(browser, OLD_NOTICE)
    press(browser, *[Keys.TAB] * 4)  # type, paragraph, comment, proposed
    browser.expect(focused(browser).get_attribute("id") == "proposed", "Tab from the quote did not reach the proposed change")
    chord(browser, Keys.CONTROL, "a")
    press(browser, NEW_NOTICE)
    browser.screenshot("round-keyboard-suggestion")
    press(browser, Keys.TAB, Keys.TAB)  # past the blocking box, to the send button
    browser.expect(focused(browser).get_attribute("type") == "submit", "Tab did not reach the send button")
    browser.driver.execute_script("window.portalTestOldPage = true")
    press(browser, Keys.ENTER)
    browser.wait_for("return !window.portalTestOldPage && document.readyState === 'complete'")
    browser.loaded("round-after-suggestion")
    article = comment(browser, "JM-2")
    browser.expect(article in comments_beside(browser, DISEMBARKATION), f"JM-2 is not beside {DISEMBARKATION}")
    quoted = browser.find("blockquote.quote", article, what="quote of JM-2").text
    proposed_shown = browser.find("p.proposed", article, what="proposed change of JM-2").text
    browser.expect(quoted == f"“{OLD_NOTICE}”" and NEW_NOTICE in proposed_shown, f"JM-2 quotes {quoted!r} and proposes {proposed_shown!r}")
    report(f"JM: suggested {NEW_NOTICE!r} for {OLD_NOTICE!r} in 5.6.3 with the keyboard alone (JM-2)")


def step_secretariat_applies(browser, env):
    """5c. The secretariat applies JM-2 to the draft and consults on the new text."""
    sign_in(browser, "SEC")
    round_page(browser)
    form = browser.find('form.apply', comment(browser, "JM-2"), what="the Apply button of JM-2")
    button = browser.find('button[type="submit"]', form)
    browser.expect(button.text == "Apply this suggestion to the draft", f"the apply button reads {button.text!r}")
    browser.submit(button, "round-after-apply")
    notice = browser.find("p.notice", what="notice of the applied suggestion").text
    browser.expect(notice.startswith("The suggestion is in the draft (commit "), f"the round page says {notice!r}")
    shown = browser.find("p.disposition", comment(browser, "JM-2"), what="disposition of JM-2").text
    browser.expect("Secretariat: accepted" in shown and "applied in commit" in shown, f"JM-2 shows {shown!r}")
    revise = browser.find_text(f'form[action="/rounds/{ROUND}/revise"] button', "Consult on the draft's newest text", what="button to revise")
    browser.submit(revise, "round-revised")
    lead = browser.find("p.lead").text
    browser.expect("revision 2" in lead, f"the round is not at revision 2: {lead!r}")
    text = browser.find(f'section.clause[data-anchor="{DISEMBARKATION}"] .text').text
    browser.expect(NEW_NOTICE in text and OLD_NOTICE not in text, f"revision 2 of 5.6 does not say {NEW_NOTICE!r}")
    report(f"SEC: applied JM-2 and consulted on revision 2, whose 5.6.3 says {NEW_NOTICE!r}")


NAMES = {"TT": "Trinidad and Tobago", "JM": "Jamaica", "BZ": "Belize"}


def step_positions(browser, env):
    """6. TT and JM approve; BZ approves with a reservation on SOP-004#boarding."""
    statement = "Belize applies 5.4 subject to its Maritime Areas Act."
    for who in ("TT", "JM", "BZ"):
        sign_in(browser, who)
        browser.open(f"/rounds/{ROUND}/position", "position")
        browser.expect(browser.heading() == f"Position of {NAMES[who]} ({who})", f"the position page is headed {browser.heading()!r}")
        form = browser.find(f'form[action="/rounds/{ROUND}/position"]', what="position form")
        browser.find('input[type="radio"][name="stance"][value="approve"]', form, what="stance approve").click()
        if who == "BZ":
            browser.find(f'input[type="checkbox"][name="reserve"][value="{BOARDING}"]', form,
                         what=f"reservation box for {BOARDING}").click()
            browser.fill("#statement", statement, form)
        browser.submit(browser.find('button[type="submit"]', form), "round-after-position")
        browser.expect(browser.path().endswith("?position=approve"), f"stating the position led to {browser.path()}")
        position = participant_position(browser, who)
        browser.expect("approve" in position, f"{who}'s position reads {position!r}")
        if who == "BZ":
            browser.expect(BOARDING in position and statement in position, f"BZ's reservation is not shown: {position!r}")
            report(f"BZ: approved with a reservation on {BOARDING}")
        else:
            report(f"{who}: approved")


# A replica's commit on main: the published set's search script tries to act for whoever is
# signed in to the portal, by opening their position page and sending it with an objection.
HOSTILE_SEARCH = """(function () {
  if (location.hash !== "#attack") return;
  var opened = window.open("PORTAL/rounds/ROUND/position");
  document.title = opened ? "opened" : "blocked";
  if (!opened) return;
  setTimeout(function () {
    try {
      var page = opened.document;
      page.querySelector('input[value="object"]').checked = true;
      page.querySelector("#reason").value = "forged by a script on main";
      page.querySelector('form[action$="/position"]').submit();
      document.title = "posted";
    } catch (error) { document.title = "refused: " + error.name; }
  }, 3000);
})();
"""


def step_hostile_site_script(browser, env):
    """7. A script committed to main, in the published set, cannot act for a signed-in official."""
    workspace = os.path.join(os.path.dirname(ENVFILE), "ws")
    with open(os.path.join(workspace, "Templates/site/search.js"), "w") as file:
        file.write(HOSTILE_SEARCH.replace("PORTAL", browser.base).replace("ROUND", ROUND))
    subprocess.run(["git", "-C", workspace, "commit", "-q", "-am", "A replica's search script"], check=True,
                   env=dict(os.environ, GIT_AUTHOR_NAME="Replica", GIT_AUTHOR_EMAIL="replica@example.org",
                            GIT_COMMITTER_NAME="Replica", GIT_COMMITTER_EMAIL="replica@example.org"))
    sign_in(browser, "TT")
    browser.driver.get(env["SITE"].rstrip("/") + "/index.html#attack")
    browser.wait_for("return document.readyState === 'complete'")
    time.sleep(5)
    title = browser.driver.title
    browser.screenshot("site-hostile-script")
    browser.driver.get_log("browser")  # the blocked attempt's own complaints
    browser.expect(len(browser.driver.window_handles) == 1 and title == "blocked",
                   f"the site's script opened a window ({title!r}, {len(browser.driver.window_handles)} windows)")
    browser.expect("SOP-004" in browser.find("body").text, "the published set's index did not load")
    round_page(browser, "round-after-hostile-script")
    position = participant_position(browser, "TT")
    browser.expect("approve" in position and "object" not in position, f"TT's position became {position!r}")
    report("TT: the set's script, from main, could not open the portal; TT's position is still approve")


def step_secretariat_adopts(browser, env):
    """8. The secretariat closes the round, adopts it as 2027.1, and the site shows it."""
    sign_in(browser, "SEC")
    round_page(browser)
    browser.find(".outcome .result-adopted", what="outcome 'adopted' so far")
    close = browser.find_text(f'form[action="/rounds/{ROUND}/close"] button', "Close the round and record the outcome",
                              what="button to close the round")
    browser.submit(close, "round-closed")
    browser.expect("closed" in browser.find("p.lead").text, "the round page does not say the round is closed")
    browser.find(".outcome .result-adopted", what="recorded outcome 'adopted'")
    report("SEC: the outcome read adopted; closed the round")

    # The adopt form leads to a preview of what would go into force; its button adopts.
    form = browser.find(f'form[action="/rounds/{ROUND}/adopt/preview"]', what="adopt form")
    browser.fill("#version", SET_VERSION, form)
    effective = env["CLOSES"][:10]  # the round's deadline: a day that is not past
    browser.driver.execute_script("arguments[0].value = arguments[1]", browser.find("#effective", form), effective)
    browser.submit(browser.find('button[type="submit"]', form), "adopt-preview")
    tag = f"set/{SET_VERSION}"
    browser.expect(browser.heading() == f"Adopt as {tag}?", f"the preview is headed {browser.heading()!r}")
    browser.expect("SOP-004" in browser.find("body").text, "the preview does not name SOP-004")
    confirm = browser.find(f'form[action="/rounds/{ROUND}/adopt"]', what="the preview's form that adopts")
    button = browser.find('button[type="submit"]', confirm)
    browser.expect(button.text.startswith(f"Adopt as {tag}, in force from"), f"the button that adopts reads {button.text!r}")
    report(f"SEC: the preview shows {tag} in force from {effective}, SOP-004 and no problem")
    browser.submit(button, "round-adopted")
    browser.expect(browser.driver.current_url.endswith(f"?adopted={SET_VERSION}"),
                   f"adopting should lead to ?adopted={SET_VERSION}")
    report(f"SEC: adopted and published the set as {SET_VERSION}")

    browser.open("/site/index.html", "site-index")
    browser.expect(SET_VERSION in browser.find("body").text, f"the published set does not show version {SET_VERSION}")
    browser.open("/site/procedures/SOP-004.html", "site-procedure")
    body = browser.find("body").text
    browser.expect(NEW_WORDS in body and NEW_NOTICE in body, f"the published SOP-004 does not say {NEW_WORDS!r} and {NEW_NOTICE!r}")
    report(f"SEC: the published set shows {SET_VERSION} and SOP-004 says {NEW_WORDS!r} and {NEW_NOTICE!r}")


STEPS = [
    ("1 passwords and sign-in", step_passwords),
    ("2 TT comments on selected words", step_tt_comments_on_selection),
    ("3 JM comments on a section", step_jm_comments_on_section),
    ("4 secretariat disposes", step_secretariat_disposes),
    ("5 TT lifts its blocking comment", step_tt_lifts_block),
    ("5b JM suggests wording by keyboard", step_jm_suggests_by_keyboard),
    ("5c the secretariat applies it and revises", step_secretariat_applies),
    ("6 positions", step_positions),
    ("7 a script on main cannot act for an official", step_hostile_site_script),
    ("8 close, adopt and publish", step_secretariat_adopts),
]

ROUND = "night-1"  # replaced by the env file's ROUND
ENVFILE = ""  # the env file's path; the workspace is ws/ beside it


# --- running -------------------------------------------------------------------------------------

def read_env(path):
    """KEY=VALUE lines."""
    env = {}
    with open(path) as file:
        for line in file:
            key, sep, value = line.strip().partition("=")
            if sep and not key.startswith("#"):
                env[key] = value
    return env


def main():
    def browser(env, shots):
        global ROUND, ENVFILE
        ROUND, ENVFILE = env["ROUND"], sys.argv[1]
        return Browser(env["BASE"], shots)
    return run("portal_browser.py", ["BASE", "SITE", "ROUND", "CLOSES"] + [official[0] for official in OFFICIALS.values()], browser, STEPS,
               lambda browser: f"{browser.pages_audited} kinds of portal page without a serious accessibility violation")


def run(script, required, make_browser, steps, summary):
    """A browser test's command line, `script ENVFILE SCREENSHOT_DIR`: the env file must have
    the `required` keys; `make_browser(env, shots)` starts the browser, the steps run, and the
    PASS line ends with `summary(browser)`. Returns the exit status."""
    if len(sys.argv) != 3:
        print(f"usage: python3 {script} ENVFILE SCREENSHOT_DIR", file=sys.stderr)
        return 2
    env = read_env(sys.argv[1])
    missing = [key for key in required if key not in env]
    if missing:
        print(f"FAIL: {sys.argv[1]} lacks {', '.join(missing)}", file=sys.stderr)
        return 1
    shots = sys.argv[2]
    os.makedirs(shots, exist_ok=True)
    started = time.monotonic()
    try:
        browser = make_browser(env, shots)
    except WebDriverException as error:
        print(f"FAIL starting {CHROMIUM} through {CHROMEDRIVER}: {str(error).strip()}", file=sys.stderr)
        return 1
    except CheckFailed as error:
        print(f"FAIL: {error}", file=sys.stderr)
        return 1
    if not run_steps(browser, steps, env):
        return 1
    print(f"PASS: every check in {time.monotonic() - started:.0f}s; {summary(browser)}; {browser.count} screenshots in {shots}")
    return 0


def run_steps(browser, steps, env):
    """Runs each (name, step) in turn, stopping at the first failure, which is printed with a
    screenshot of its page; quits the browser. Returns whether every step passed."""
    try:
        for name, step in steps:
            print(f"step {name}", flush=True)
            try:
                step(browser, env)
            except CheckFailed as error:
                message = str(error)
            except WebDriverException as error:  # the browser's own complaint, without its stack
                message = f"{type(error).__name__}: {(error.msg or '').strip()} (on {browser.driver.current_url})"
            else:
                continue
            print(f"FAIL step {name}: {message}", file=sys.stderr, flush=True)
            try:
                browser.screenshot("failure")
            except WebDriverException:
                pass
            return False
    finally:
        browser.quit()
    return True


if __name__ == "__main__":
    sys.exit(main())
