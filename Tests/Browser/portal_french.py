#!/usr/bin/env python3
"""The consultation portal in French, in a real browser, as a Haitian official uses it.

    python3 portal_french.py ENVFILE SCREENSHOT_DIR

ENVFILE is the portal.env written by Scripts/portal-workspace.sh: its round night-1 changes
"within two hours" to "within one hour" in the English SOP-004 §5.1.3 and leaves the official
French version as it was, so that section of the French text is behind. HT's account (LINK_HT)
is in French, and the browser is a French one (Accept-Language fr-HT, fr). Jean Pierre, focal
point of Haiti:

1. sets a password with the sign-in link, signs out and signs in again at /signin;
2. finds the round on the dashboard, which says HT owes a position;
3. reads the round's text in French: SOP-004 says it is an official translation one section
   behind the English, §5.1.3 is marked behind and shows the English words on request;
4. sends a comment with a quote that is not in the text, and is told why in French, his words
   kept; then selects "dans un délai de deux heures" in the French §5.1.3 with a mouse drag and
   comments on those words in French: the comment is beside §5.1.3, quoting them, recorded in
   French;
5. reads what the revision changes, the procedure's history and the round's activity log;
6. objects without giving reasons, is told in French what to do, and approves;
7. opens the protocol set in force from the portal's header and lands on its French edition,
   index and SOP-004;
8. signs out.

Every page it loads goes through the checks of portal_browser.py (no `.problem` unless one is
expected, a clean console, no serious accessibility violation, a screenshot) and one more: no English words of the catalogues.
The page's own words are every text node and every label-like attribute (title, aria-label,
placeholder, alt, a button's value, the data-* labels portal.js shows) that is not the words of
a user or of the procedures: text inside <bdi> (names, titles, statements) or inside an element
whose `lang` is not the page's (the English text of a section behind, set.yaml's names) is
left out. The English catalogue (Templates/portal/messages/en.yaml on the portal,
Templates/site/messages/en.yaml on the published set) is cut at its {placeholders} into
phrases; a phrase found as whole words among the page's own words fails the run with the key
it comes from (a single word that a French message uses too, such as "sop", is let through). A French message that is its
English one word for word passes only when it is single words ("Position", "Type"): more is
English left untranslated, and fails the run before the browser starts.

Prints one line per step and check; exits 0 only when every check passed, 1 otherwise.
"""

import os
import re
import sys

import yaml
from selenium.webdriver.common.by import By

from portal_browser import Browser, CheckFailed, comment, comments_beside, participant_position, report, run, select_words

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Templates")
LANGUAGE = "fr"
BROWSER_LANGUAGES = "fr-HT,fr"
OFFICIAL = ("LINK_HT", "jean.pierre@immigration.gouv.ht", "HT", "lanterne du port marée HT")
DETECTION = "SOP-004#detection"
FRENCH_WORDS = "dans un délai de deux heures"
ENGLISH_NEW_WORDS = "within one hour"
NOT_IN_THE_TEXT = "dans un délai de trois heures"
COMMENT = ("Le texte français dit encore « dans un délai de deux heures » alors que le texte anglais "
           "proposé fixe une heure ; les deux versions doivent dire la même chose avant l'adoption.")
PROPOSED = "dans un délai d'une heure"
SOURCE_NAME = "anglais"  # English, as CLDR names it in French


def catalogue(kind, language):
    """Templates/KIND/messages/LANGUAGE.yaml as {key: text}."""
    with open(os.path.join(TEMPLATES, kind, "messages", f"{language}.yaml"), encoding="utf-8") as file:
        return {key: str(value) for key, value in (yaml.safe_load(file) or {}).items()}


def english_phrases(kind):
    """The phrases of the English catalogue a French page must not show: each message cut at its
    {placeholders}, trimmed of spaces and punctuation, keeping those with a word of three letters
    or more, but for single words that a French message uses too. Returns [(phrase, key)]."""
    english, french = catalogue(kind, "en"), catalogue(kind, LANGUAGE)
    missing = sorted(set(english) - set(french))
    if missing:
        raise CheckFailed(f"Templates/{kind}/messages/{LANGUAGE}.yaml lacks {', '.join(missing)}")
    french_text = "\n".join(french.values())
    phrases = []
    for key, text in english.items():
        parts = [part.strip(" \t\n.,:;·—–-()“”\"'?!") for part in re.split(r"\{[^}]*\}", text)]
        if text == french[key]:
            # The same word in both ("Position", "Type"); the same words are the English left untranslated.
            if any(len(part.split()) > 1 for part in parts):
                raise CheckFailed(f"Templates/{kind}/messages/{LANGUAGE}.yaml {key} is the English text {text!r}")
            continue
        for phrase in parts:
            # A name both use ("sop", "git", "PDF") is not English; a French message holding
            # English sentences is.
            if not re.search(r"[A-Za-z]{3}", phrase) or (len(phrase.split()) == 1 and whole_words(phrase, french_text)):
                continue
            phrases.append((phrase, key))
    return phrases


def whole_words(phrase, text):
    return re.search(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])", text) is not None


# The page's own words: text and label-like attributes outside <bdi> and outside elements in
# another language than the page's.
OWN_WORDS = """
    const page = document.documentElement.lang;
    const foreign = (element) => {
        const marked = element.closest("[lang]");
        return element.closest("bdi, script, style, noscript, textarea") !== null || (marked !== null && marked.lang !== page);
    };
    const words = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.data.trim() && !foreign(node.parentElement)) words.push(node.data.trim());
    }
    for (const element of document.body.querySelectorAll("*")) {
        if (foreign(element)) continue;
        for (const name of ["title", "aria-label", "placeholder", "alt", "data-selection-label", "data-quoted-by"]) {
            if (element.hasAttribute(name)) words.push(element.getAttribute(name));
        }
        if (element.matches("input[type=submit], input[type=button]")) words.push(element.value);
    }
    return [page, words.join("\\n")];
"""


class FrenchBrowser(Browser):
    """A browser in French that checks every page for the catalogues' English words."""

    def __init__(self, base, site, shots):
        super().__init__(base, shots, languages=BROWSER_LANGUAGES)
        self.site = site.rstrip("/")
        self.phrases = {"portal": english_phrases("portal"), "site": english_phrases("site")}
        self.pages = 0
        self.expect_problem = False

    def loaded(self, label):
        if self.expect_problem:
            self.wait_for("return document.readyState === 'complete'")
            self.screenshot(label)
            # The refused form's page answers 4xx, which the console reports; nothing else may.
            severe = [entry["message"] for entry in self.driver.get_log("browser")
                      if entry["level"] == "SEVERE" and "status of 4" not in entry["message"]]
            self.expect(not severe, "console errors:\n    " + "\n    ".join(severe))
            self.check_accessibility(label)
        else:
            super().loaded(label)
        self.no_english()

    def no_english(self):
        kind = "site" if self.driver.current_url.startswith(self.site) else "portal"
        language, words = self.driver.execute_script(OWN_WORDS)
        self.expect(language == LANGUAGE, f"the page's language is {language!r}, not {LANGUAGE!r}")
        for phrase, key in self.phrases[kind]:
            if whole_words(phrase, words):
                raise CheckFailed(f"English on the page: {phrase!r} (Templates/{kind}/messages/en.yaml {key}) on {self.driver.current_url}")
        self.pages += 1

    def refused(self, button, label):
        """Sends a form the portal must refuse; returns the refusal's explanation."""
        self.expect_problem = True
        try:
            self.submit(button, label)
        finally:
            self.expect_problem = False
        return self.find(".problem", what="the refusal's explanation").text


def t(key, **values):
    """The French text of a portal catalogue key, filled in, its no-break spaces (before
    French « : ; ») plain as WebDriver reads them."""
    text = FRENCH[key]
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text.replace("\u00a0", " ").replace("\u202f", " ")


FRENCH = catalogue("portal", LANGUAGE)


# --- the steps -------------------------------------------------------------------------------------

def sign_in(browser):
    browser.open("/signin", "signin")
    browser.expect(browser.heading() == t("signin.title"), f"the sign-in page is headed {browser.heading()!r}")
    browser.fill("#email", OFFICIAL[1])
    browser.fill("#password", OFFICIAL[3])
    browser.submit(browser.find('form[action="/signin"] button[type="submit"]'), "dashboard")
    check_dashboard(browser)


def check_dashboard(browser):
    browser.expect(browser.path() == "/", f"signing in should land on the dashboard /, not {browser.path()}")
    browser.expect(browser.heading() == t("dashboard.title"), f"the dashboard is headed {browser.heading()!r}")
    who = browser.find("header .who", what="name of the signed-in official").text
    browser.expect(who.split(" · ")[1:3] == ["HT", t("role.focalPoint")], f"the header says {who!r}")


def sign_out(browser):
    form = browser.find('header form.signout[action="/signout"]', what="sign-out form in the header")
    button = browser.find('button[type="submit"]', form)
    browser.expect(button.text == t("head.signOut"), f"the sign-out button reads {button.text!r}")
    browser.who = "anon"
    browser.submit(button, "signed-out")
    browser.expect(browser.path() == "/signin", f"signing out should lead to /signin, not {browser.path()}")
    browser.expect(browser.heading() == t("signin.title"), f"the sign-in page is headed {browser.heading()!r}")


def step_password(browser, env):
    """1. The sign-in link, a password, out and in again."""
    browser.who = "HT"
    browser.open(env[OFFICIAL[0]], "welcome")
    browser.expect(browser.heading() == t("welcome.title"), f"the sign-in link shows {browser.heading()!r}")
    browser.expect(OFFICIAL[1] in browser.find("main").text, f"the welcome page does not name {OFFICIAL[1]}")
    browser.fill("#password", OFFICIAL[3])
    browser.fill("#confirm", OFFICIAL[3])
    browser.submit(browser.find('form[action^="/welcome/"] button[type="submit"]'), "dashboard")
    check_dashboard(browser)
    sign_out(browser)
    browser.who = "HT"
    sign_in(browser)
    report("HT: set a password with the link, signed out and in again, every page in French")


def step_dashboard(browser, env):
    """2. The round on the dashboard, and what HT owes."""
    link = browser.find(f'table a[href="/rounds/{env["ROUND"]}"]', what="link to the round on the dashboard")
    owed = link.find_element(By.XPATH, "./ancestor::tr").find_elements(By.TAG_NAME, "td")[2].text
    browser.expect(t("dashboard.owesPosition") in owed, f"the dashboard says HT owes {owed!r}")
    browser.submit(link, "round")
    report(f"HT: the dashboard says HT owes {t('dashboard.owesPosition')!r}; opened the round")


def step_reads_french(browser, env):
    """3. The French text, its status, and the section behind the English."""
    note = browser.find("section.procedure p.translation-note", what="status of the French version of SOP-004").text
    expected = t("round.versionBehindOne", status=t("translation.official"), count="1", source=SOURCE_NAME)
    browser.expect(note == expected, f"SOP-004 says {note!r}, not {expected!r}")
    section = browser.find(f'section.clause[data-anchor="{DETECTION}"]', what=f"section {DETECTION}")
    text = browser.find(".text", section)
    browser.expect(text.get_attribute("lang") == LANGUAGE, f"{DETECTION} is shown in {text.get_attribute('lang')!r}")
    browser.expect(FRENCH_WORDS in text.text, f"the French {DETECTION} does not say {FRENCH_WORDS!r}")
    behind = browser.find(".behind", section, what=f"mark that {DETECTION} is behind the English").text
    browser.expect(t("round.sectionBehind", source=SOURCE_NAME) in behind, f"{DETECTION} is marked {behind!r}")
    marked = [element.get_attribute("data-anchor") for element in browser.driver.find_elements(By.CSS_SELECTOR, "section.clause")
              if element.find_elements(By.CSS_SELECTOR, ".behind")]
    browser.expect(marked == [DETECTION], f"the sections marked behind are {marked}, not [{DETECTION}]")
    summary = browser.find(".behind details summary", section)
    browser.expect(summary.text == t("round.sourceText", source=SOURCE_NAME), f"the English text is offered as {summary.text!r}")
    summary.click()
    source = browser.find(".behind details .source", section)
    browser.expect(source.get_attribute("lang") == "en" and ENGLISH_NEW_WORDS in source.text,
                   f"the English text of {DETECTION} shown on request is {source.text!r}")
    browser.screenshot("round-english-text")
    summary.click()
    report(f"HT: SOP-004 reads {note!r}; {DETECTION} is marked behind and shows the English {ENGLISH_NEW_WORDS!r}")


def step_comments(browser, env):
    """4. A refused quote, then a comment in French on selected French words."""
    form = browser.find("#comment-form form", what="comment form")
    browser.choose("#section", DETECTION, form)
    browser.fill("#quote", NOT_IN_THE_TEXT, form)
    browser.fill("#text", COMMENT, form)
    problem = browser.refused(browser.find('button[type="submit"]', form), "refused-quote")
    browser.expect(browser.heading() == t("error.title"), f"the refusal is headed {browser.heading()!r}")
    browser.expect(NOT_IN_THE_TEXT in problem, f"the refusal does not name the quote: {problem!r}")
    browser.expect(COMMENT in browser.find("main").text, "the refusal did not keep the comment's words")
    report(f"HT: a quote not in the text is refused in French: {problem!r}, the words kept")

    browser.open(f"/rounds/{env['ROUND']}", "round")
    select_words(browser, DETECTION, FRENCH_WORDS)
    quote = browser.find("#quote").get_attribute("value")
    browser.expect(quote == FRENCH_WORDS, f"selecting the words filled #quote with {quote!r}")
    button = browser.find("#comment-on-selection", what="button offered for the selected words")
    browser.expect(button.is_displayed() and button.text == t("round.commentOnSelection"), f"the selection's button reads {button.text!r}")
    browser.screenshot("round-selection")
    button.click()
    form = browser.find("#comment-form form", what="comment form")
    browser.choose("#type", "te", form)
    browser.fill("#text", COMMENT, form)
    browser.fill("#proposed", PROPOSED, form)
    browser.submit(browser.find('button[type="submit"]', form), "round-after-comment")
    article = comment(browser, "HT-1")
    browser.expect(article in comments_beside(browser, DETECTION), f"HT-1 is not beside {DETECTION}")
    quoted = browser.find("blockquote.quote", article, what="quote of HT-1")
    browser.expect(quoted.text == f"“{FRENCH_WORDS}”" and quoted.get_attribute("lang") == LANGUAGE,
                   f"HT-1 quotes {quoted.text!r} in {quoted.get_attribute('lang')!r}")
    body = browser.find("p.text", article)
    browser.expect(body.text == COMMENT and body.get_attribute("lang") == LANGUAGE, f"HT-1 reads {body.text!r} in {body.get_attribute('lang')!r}")
    report(f"HT: comment HT-1 in French quoting “{FRENCH_WORDS}” is beside {DETECTION}")


def step_changes_and_history(browser, env):
    """5. What the revision changes, and the procedure's history."""
    browser.submit(browser.find_text(".actions a", t("round.changes")), "changes")
    redline = browser.find(".redline", what="the words the revision changes")
    browser.expect(redline.get_attribute("lang") == "en" and browser.find_text("ins", "one", redline, what="the inserted word 'one'"),
                   f"the changes are not the English words: {redline.text!r}")
    browser.open(f"/rounds/{env['ROUND']}", "round")
    browser.submit(browser.find_text("section.procedure h2 a", t("round.history")), "history")
    browser.expect(browser.heading() == t("history.title", procedure="SOP-004"), f"the history is headed {browser.heading()!r}")
    browser.open(f"/rounds/{env['ROUND']}", "round")
    browser.submit(browser.find_text(".actions a", t("round.log")), "log")
    rows = browser.driver.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    browser.expect(any("HT-1" in row.text for row in rows), "the activity log does not list HT's comment")
    report(f"HT: read the revision's changes, SOP-004's history and the round's activity log ({len(rows)} entries)")


def step_position(browser, env):
    """6. An objection without reasons is refused in French; HT approves."""
    browser.open(f"/rounds/{env['ROUND']}", "round")
    browser.submit(browser.find_text(".actions a", t("round.statePosition", participant="Haïti (HT)")), "position")
    browser.expect(browser.heading() == t("position.title", participant="Haïti (HT)"), f"the position page is headed {browser.heading()!r}")
    form = browser.find(f'form[action="/rounds/{env["ROUND"]}/position"]', what="position form")
    browser.find('input[name="stance"][value="object"]', form).click()
    problem = browser.refused(browser.find('button[type="submit"]', form), "refused-position")
    report(f"HT: an objection without reasons is refused in French: {problem!r}")

    browser.open(f"/rounds/{env['ROUND']}/position", "position")
    form = browser.find(f'form[action="/rounds/{env["ROUND"]}/position"]', what="position form")
    browser.find('input[name="stance"][value="approve"]', form).click()
    browser.submit(browser.find('button[type="submit"]', form), "round-after-position")
    notice = browser.find("p.notice", what="notice of the recorded position").text
    browser.expect(notice == t("notice.position", stance=t("position.approve")), f"the round page says {notice!r}")
    position = participant_position(browser, "HT")
    browser.expect(t("positionState.approve") in position, f"HT's position reads {position!r}")
    report(f"HT: approved; the round page says {notice!r}")


def step_published_set(browser, env):
    """7. The protocol set in force, in French, from the header."""
    browser.submit(browser.find_text("header nav a", t("head.setInForce")), "site-index")
    browser.expect(browser.driver.current_url == f"{browser.site}/{LANGUAGE}/index.html",
                   f"the header's link led to {browser.driver.current_url}, not the French edition")
    browser.submit(browser.find('a[href$="SOP-004.html"]', what="link to SOP-004 in the French index"), "site-procedure")
    browser.expect(FRENCH_WORDS in browser.find("main").text, f"the French SOP-004 does not say {FRENCH_WORDS!r}")
    browser.open(browser.base + "/", "dashboard")
    report("HT: the set in force opened in French, index and SOP-004")


def step_sign_out(browser, env):
    """8. Out."""
    sign_out(browser)
    report("HT: signed out")


STEPS = [
    ("1 password and sign-in", step_password),
    ("2 the dashboard", step_dashboard),
    ("3 the French text and what is behind", step_reads_french),
    ("4 comments in French", step_comments),
    ("5 changes, history and activity log", step_changes_and_history),
    ("6 a position", step_position),
    ("7 the set in force in French", step_published_set),
    ("8 sign out", step_sign_out),
]


def main():
    return run("portal_french.py", ["BASE", "SITE", "ROUND", OFFICIAL[0]], lambda env, shots: FrenchBrowser(env["BASE"], env["SITE"], shots), STEPS,
               lambda browser: f"{browser.pages} pages in French without English words")


if __name__ == "__main__":
    sys.exit(main())
