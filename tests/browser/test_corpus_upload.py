"""The corpus page's training form takes a text file (static/js/corpus/upload.js): read in the
browser as UTF-8 and sent as corpus.text; a file that is not UTF-8 text, or is over corpus.text's
declared limit, is refused on the page in its language, before anything is sent."""

from __future__ import annotations

import json
import os

from rnnscope.core import limits as L
from rnnscope.core.options import for_endpoint
from tests.browser.chromium import guarded_page

from .room import PHONE, PROJECTOR, each_look, on_screens, sideways, small_text

SAID = ".file-said"
TEXT = "# 안녕하세요, rnnscope: 한 줄씩 읽습니다\ndef f(x):\n    return 2 * x\n" * 25
(DECLARED,) = [o for o in for_endpoint("jobs.corpus") if o.name == "text"]
MAX = DECLARED.max_length  # the limit the page reads from its option table


def text_file(name: str, data: bytes) -> dict:
    return {"name": name, "mimeType": "text/plain", "buffer": data}


def said_after(page, files, before: str = "") -> str:
    """Choose `files` and return the line said about them once it changes from `before`."""
    page.set_input_files("#job-file", files)
    page.wait_for_function(
        "(before) => { const s = document.querySelector('.file-said')?.textContent;"
        " return s && s !== before; }",
        arg=before,
    )
    return page.text_content(SAID)


def test_a_utf8_file_is_sent_as_the_corpus_text_and_trains(browser, serve, tmp_path):
    assert MAX == L.MAX_CORPUS_CHARS
    with guarded_page(browser, serve(data_dir=tmp_path)) as page:
        page.goto("/corpus?lang=ko")
        page.wait_for_selector("#job-start")
        page.fill("#job-text", "pasted before the file: the file, chosen last, is sent")
        said = said_after(page, [text_file("강의.txt", TEXT.encode())])
        size = f"{len(TEXT.encode()) / 1e3:.1f} kB"
        assert said == f"강의.txt · {size} · {len(TEXT):,}자", said
        page.click("#c-lang")
        page.wait_for_function(
            "() => document.querySelector('.file-said').textContent.endsWith('characters')"
        )
        assert page.text_content(SAID) == f"강의.txt · {size} · {len(TEXT):,} characters"
        page.fill("#job-hidden", "8")
        page.fill("#job-steps", "5")
        with page.expect_request(lambda r: r.url.endswith("/api/v1/jobs")) as sent:
            page.click("#job-start")
        assert json.loads(sent.value.post_data)["corpus"] == {"text": TEXT}
        page.wait_for_function(
            "() => document.querySelector('.job-status')?.textContent.includes('Done')",
            timeout=120_000,
        )
        # typing in the text box afterwards sends the typed text: the last one given
        page.fill("#job-text", "typed after the file")
        assert page.text_content(SAID) == ""
        with page.expect_request(lambda r: r.url.endswith("/api/v1/jobs")) as sent:
            page.click("#job-start")
        assert json.loads(sent.value.post_data)["corpus"] == {"text": "typed after the file"}
        page.wait_for_selector(".corpus-error")  # too short: the server's refusal
        page.console_errors[:] = [e for e in page.console_errors if "422" not in e]


def test_a_binary_or_too_large_file_is_refused_in_english_and_korean(page, tmp_path):
    """Nothing of a refused file is sent: pressing Train sends the form's Python module."""
    page.goto("/corpus")
    page.wait_for_selector("#job-start")
    png = text_file("figure.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    said = said_after(page, [png])
    assert said == "figure.png is not UTF-8 text: open a plain text file (such as .txt or .py)"
    page.click("#c-lang")
    ko = "figure.png: UTF-8 텍스트가 아닙니다. .txt나 .py 같은 텍스트 파일을 여십시오"
    page.wait_for_function(f"() => document.querySelector('.file-said').textContent === {ko!r}")
    assert page.eval_on_selector("#job-file", "i => i.files.length") == 0
    nul = text_file("zeros.txt", bytes(2000))  # valid UTF-8, but no text
    assert said_after(page, [nul], ko).startswith("zeros.txt: UTF-8 텍스트가 아닙니다")
    # one character over the limit; then a file too large to read at all (over 4 bytes a char)
    limit = f"{MAX:,}"
    long = text_file("long.txt", b"a" * (MAX + 1))
    said = said_after(page, [long], page.text_content(SAID))
    assert said == f"long.txt: {MAX + 1:,}자입니다. 말뭉치는 최대 {limit}자까지 받습니다", said
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as f:
        f.truncate(4 * MAX + 1)  # sparse: nothing written
    said = said_after(page, [str(huge)], said)
    size = f"{(4 * MAX + 1) / 1e6:.1f} MB"
    assert said == f"huge.txt: {size}입니다. 말뭉치는 최대 {limit}자까지 받습니다", said
    page.click("#c-lang")
    en = f"huge.txt is {size}: a corpus has at most {limit} characters"
    page.wait_for_function(f"() => document.querySelector('.file-said').textContent === {en!r}")
    assert os.path.getsize(huge) == 4 * MAX + 1
    with page.expect_request(lambda r: r.url.endswith("/api/v1/jobs")) as sent:
        page.fill("#job-hidden", "0")  # refused: nothing trains
        page.click("#job-start")
    assert json.loads(sent.value.post_data)["corpus"] == {"builtin": "argparse"}
    page.wait_for_selector(".corpus-error")
    page.console_errors[:] = [e for e in page.console_errors if "422" not in e]


@each_look
def test_the_form_with_a_file_in_the_room(browser, live_server, artifacts, lang, theme):
    """The form with a file read, and with one refused: legible, no sideways scroll, on a
    projector and a phone."""
    for screen, page in on_screens(browser, live_server, (PROJECTOR, PHONE), look=(lang, theme)):
        page.goto(f"/corpus?{screen.look(lang, theme)}")
        page.wait_for_selector("#job-start")
        name = "lecture-notes-week-3-recurrent-networks.txt"  # a long name wraps on a phone
        said_after(page, [text_file(name, TEXT.encode())])
        assert small_text(page, "#job") == []
        assert sideways(page) <= 0, f"{screen} {lang}"
        box = page.locator(SAID).bounding_box()
        assert box and box["y"] + box["height"] <= screen.height, f"{screen}: file line below"
        page.screenshot(path=str(artifacts / f"corpus-file-{screen}-{lang}-{theme}.png"))
        said_after(page, [text_file("figure.png", b"\x89PNG" + bytes(64))], page.text_content(SAID))
        assert small_text(page, "#job") == [] and sideways(page) <= 0
        page.screenshot(path=str(artifacts / f"corpus-file-refused-{screen}-{lang}-{theme}.png"))
