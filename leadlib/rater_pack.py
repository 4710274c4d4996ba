"""The rater pack of the others' view: one self-contained HTML file a learner sends to
colleagues, and its paper twin.

``pack_html`` writes the whole form into one file: inline CSS and script, no external
address of any kind and a Content-Security-Policy that forbids loading anything, so it
works opened from an e-mail attachment or a shared drive, with no network and no
server. It asks every self-assessment statement in the third person (``rater_text``) on
the self-assessment's how-often scale plus a "Can't judge" choice (for what the rater
has not seen; the statement is then left out of the file), with native radio buttons in
fieldsets (keyboard and screen-reader friendly), prints cleanly, and saves the rater's
answers as the small JSON file that ``leadlib.raters`` reads: schema, version, the
pack's id, a random response id, the date and the answers. No name, no free text, no
time of day. Every statement needs a choice, and a file that would count for no trait
(``raters.counts_for``) is not saved.

``paper_form_html`` is the printable page for raters who prefer paper.

Part of the core: must not import matplotlib, ipywidgets, nbconvert, sqlite3 or the
journal (``team.privacy`` is imported inside the functions, for k).
"""

from __future__ import annotations

import json
from html import escape

from .i18n import N_, _, language_tag
from .models import Content
from .raters import MAX_SKIPPED_PER_TRAIT, PACK_RE, SCHEMA, VERSION, check_first_name

#: The value of the "can't judge" radio button (left out of the saved answers).
CANT_JUDGE = "none"

_CSS = """
body{font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#111;
max-width:52em;margin:0 auto;padding:1em 1.2em 3em;background:#fff}
h1{font-size:1.5em;margin:.4em 0}
.intro,.privacy{background:#f3f6f8;border-left:4px solid #0072b2;padding:.5em 1em;margin:1em 0}
fieldset.q{border:1px solid #999;border-radius:6px;margin:0 0 .8em;padding:.4em .8em .6em}
fieldset.q:focus-within{outline:3px solid #0072b2;outline-offset:2px}
fieldset.q[aria-invalid=true]{border:2px solid #d55e00}
legend{font-weight:600;padding:0 .3em}
.opts{display:flex;flex-wrap:wrap;gap:.3em .9em;margin-top:.3em}
.opts label{display:inline-flex;align-items:center;gap:.3em;padding:.25em .4em;cursor:pointer;
border-radius:4px}
.opts input{width:1.2em;height:1.2em;margin:0}
.opts input:focus-visible{outline:3px solid #0072b2;outline-offset:2px}
.opts label.cant{border-left:1px solid #999;padding-left:.9em;font-style:italic}
.actions{margin:1.2em 0;display:flex;gap:.8em;flex-wrap:wrap}
button{font:inherit;padding:.5em 1.1em;border:2px solid #0072b2;border-radius:6px;
background:#0072b2;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0072b2}
button:focus-visible{outline:3px solid #111;outline-offset:2px}
#status{font-weight:600;min-height:1.5em}
#status.problem{color:#a33c00}
textarea{width:100%;font:13px/1.3 monospace}
.code{font-family:monospace}
@media print{.actions,#status,#copy,noscript{display:none}
fieldset.q{break-inside:avoid}body{max-width:none;font-size:12pt}}
"""

_SCRIPT = """
(function () {
  "use strict";
  var T = JSON.parse(document.getElementById("pack-data").textContent);
  var ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  function randomId() {
    var bytes = new Uint8Array(16), out = "";
    window.crypto.getRandomValues(bytes);
    for (var i = 0; i < bytes.length; i++) { out += ALPHABET.charAt(bytes[i] % 32); }
    return out;
  }
  var response = randomId();
  var status = document.getElementById("status");
  function say(text, problem) {
    status.textContent = text;
    status.className = problem ? "problem" : "";
  }
  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }
  function collect() {
    var answers = {}, missing = [];
    T.ids.forEach(function (id, i) {
      var box = document.getElementById("q-" + id);
      var chosen = box.querySelector("input:checked");
      box.setAttribute("aria-invalid", chosen ? "false" : "true");
      if (!chosen) { missing.push(i + 1); }
      else if (chosen.value !== T.cant) { answers[id] = parseInt(chosen.value, 10); }
    });
    return {answers: answers, missing: missing};
  }
  function countsForATrait(answers) {
    return T.traits.some(function (ids) {
      var answered = ids.filter(function (id) { return id in answers; }).length;
      return answered >= Math.max(1, ids.length - T.skip);
    });
  }
  document.getElementById("save").addEventListener("click", function () {
    var got = collect();
    if (got.missing.length) {
      say(T.missing.replace("{numbers}", got.missing.join(", ")), true);
      var first = document.getElementById("q-" + T.ids[got.missing[0] - 1]);
      first.querySelector("input").focus();
      return;
    }
    if (!countsForATrait(got.answers)) {
      say(T.toofew, true);
      return;
    }
    var doc = {schema: T.schema, version: T.version, pack: T.pack, response: response,
               date: today(), answers: got.answers};
    var text = JSON.stringify(doc);
    var name = "leadlib-rater-" + T.pack + "-" + response.slice(0, 6) + ".json";
    var link = document.createElement("a");
    link.href = "data:application/json;charset=utf-8," + encodeURIComponent(text);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.parentNode.removeChild(link);
    say(T.saved.replace("{file}", name), false);
    document.getElementById("copytext").value = text;
    document.getElementById("copyname").textContent = name;
    document.getElementById("copy").hidden = false;
  });
  document.getElementById("print").addEventListener("click", function () { window.print(); });
})();
"""


#: The label of the "can't judge" choice (translated where shown).
CANT_JUDGE_LABEL = N_("Can't judge")


def _least_per(content: Content) -> tuple[int, int]:
    """How many of a trait's statements a rater must answer to count, and of how many
    (the first trait's: every trait of the course has as many statements)."""
    per = len(content.statements_for(content.traits[0].id))
    return max(1, per - MAX_SKIPPED_PER_TRAIT), per


def pack_filename(pack_id: str) -> str:
    """The rater pack's file name: leadlib-rater-pack-<id>.html."""
    return f"leadlib-rater-pack-{pack_id}.html"


def _min_group() -> int:
    from .team.privacy import DEFAULT_MIN_GROUP

    return DEFAULT_MIN_GROUP


def _about(first_name: str | None) -> tuple[str, str]:
    """The title and how the form names the learner (the first name, or 'this person')."""
    if first_name:
        return _("Feedback for {name}").format(name=first_name), first_name
    return _("Feedback for a colleague"), _("The person who gave you this form")


def _script_json(value: object) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(value, ensure_ascii=True).replace("</", "<\\/")


def pack_html(content: Content, pack_id: str, first_name: str | None = None) -> str:
    """The rater pack: one self-contained HTML page (see the module's docstring)."""
    if not PACK_RE.match(pack_id):
        raise ValueError(f"not a pack id: {pack_id!r}")
    name = check_first_name(first_name)
    title, who = _about(name)
    labels = content.scale.labels
    least, per = _least_per(content)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(language_tag())}">',
        "<head>",
        '<meta charset="utf-8">',
        # Nothing may be loaded from anywhere: no address, no font, no image, no request.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
        '<div class="intro">',
        "<p>"
        + escape(
            _(
                "{who} is taking a course on leadership and management and would like to "
                "know how you see them at work. Think of the last three months. For each "
                "statement, choose how often this person does what it says. There are no "
                "right answers. Where you have not seen enough to judge, choose 'Can't "
                "judge': that statement is left out, and a trait counts your answers only "
                "if you answered at least {least} of its {per} statements. It takes about "
                "ten minutes."
            ).format(who=who, least=least, per=per)
        )
        + "</p>",
        "<p>"
        + escape(
            _(
                "When you have answered every statement, press 'Save my answers': your "
                "browser saves a small file. Send that file back as you were asked."
            )
        )
        + "</p>",
        "</div>",
        '<div class="privacy">',
        "<p>"
        + escape(
            _(
                "What your file holds: your answers as numbers, the code of this form "
                "({pack}), a random code for your file and today's date. Not your name, "
                "no comments and no time of day."
            ).format(pack=pack_id)
        )
        + "</p>",
        "<p>"
        + escape(
            _(
                "Anyone who has the file can read your answers; your name is not in it. "
                "If you send it straight to the person it is about, they will know it is "
                "yours. Best: send it to the one person collecting the files, who passes "
                "them on together. The course shows only the average of at least {k} "
                "raters per trait, never one person's answers."
            ).format(k=_min_group())
        )
        + "</p>",
        "</div>",
        "<noscript><p><strong>"
        + escape(
            _(
                "Saving needs JavaScript, which is switched off here: print this form, "
                "fill it in on paper and hand it to the person collecting the answers."
            )
        )
        + "</strong></p></noscript>",
        "<form onsubmit='return false'>",
    ]
    for number, statement in enumerate(content.statements, start=1):
        sid = escape(statement.id)
        parts.append(f'<fieldset class="q" id="q-{sid}">')
        parts.append(f"<legend>{number}. {escape(statement.rater_text)}</legend>")
        parts.append('<div class="opts">')
        for value, label in zip(
            range(content.scale.min, content.scale.max + 1), labels, strict=True
        ):
            parts.append(
                f'<label><input type="radio" name="{sid}" value="{value}"> {escape(label)}</label>'
            )
        parts.append(
            f'<label class="cant"><input type="radio" name="{sid}" value="{CANT_JUDGE}"> '
            f"{escape(_(CANT_JUDGE_LABEL))}</label>"
        )
        parts.append("</div></fieldset>")
    data = {
        "ids": [s.id for s in content.statements],
        "pack": pack_id,
        "schema": SCHEMA,
        "version": VERSION,
        "traits": [[st.id for st in content.statements_for(t.id)] for t in content.traits],
        "skip": MAX_SKIPPED_PER_TRAIT,
        "cant": CANT_JUDGE,
        "missing": _(
            "Not saved yet: please answer statement(s) {numbers} (or choose 'Can't judge')."
        ),
        "toofew": _(
            "Not saved yet: with this many 'Can't judge' answers your file would count for "
            "no trait. A trait counts your answers when you answered at least {least} of its "
            "{per} statements; answer those you have seen at least sometimes."
        ).format(least=least, per=per),
        "saved": _(
            "Saved as {file} (usually in your Downloads folder). Send that file back as "
            "you were asked. Thank you!"
        ),
    }
    parts += [
        "</form>",
        '<div class="actions">',
        '<button type="button" id="save">' + escape(_("Save my answers")) + "</button>",
        '<button type="button" id="print" class="secondary">'
        + escape(_("Print this form"))
        + "</button>",
        "</div>",
        '<p id="status" role="status" aria-live="polite"></p>',
        '<details id="copy" hidden><summary>'
        + escape(_("No file appeared?"))
        + "</summary><p>"
        + escape(_("Copy this text into a plain text file named"))
        + ' <span id="copyname" class="code"></span> '
        + escape(_("and send that file."))
        + "</p>"
        + '<textarea id="copytext" rows="5" readonly aria-label="'
        + escape(_("Your answers as text"))
        + '"></textarea></details>',
        f'<script type="application/json" id="pack-data">{_script_json(data)}</script>',
        f"<script>{_SCRIPT}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def paper_form_html(content: Content, first_name: str | None = None) -> str:
    """The rater form on paper: every statement in the third person with a circle per
    answer, and what to do with it. A fragment (no <html>), for a worksheet or handout."""
    name = check_first_name(first_name)
    title, who = _about(name)
    labels = [*content.scale.labels, _(CANT_JUDGE_LABEL)]
    least, per = _least_per(content)
    head = "".join(f"<th>{escape(label)}</th>" for label in labels)
    rows = "".join(
        f"<tr><td>{n}</td><td>{escape(s.rater_text)}</td>"
        + "".join('<td class="tick">&#9711;</td>' for _ in labels)
        + "</tr>"
        for n, s in enumerate(content.statements, start=1)
    )
    return (
        f"<h3>{escape(title)}</h3>"
        + "<p>"
        + escape(
            _(
                "{who} would like to know how you see them at work. Think of the last three "
                "months and tick one circle per statement: how often does this person do "
                "what it says? Where you have not seen enough to judge, tick 'Can't judge': "
                "a trait counts your answers only if you answered at least {least} of its "
                "{per} statements. The form has no place for your name."
            ).format(who=who, least=least, per=per)
        )
        + "</p>"
        + "<table><tr><th>#</th><th>"
        + escape(_("This person..."))
        + f"</th>{head}</tr>{rows}</table>"
        + '<p class="note">'
        + escape(
            _(
                "Hand the completed form to the person collecting the answers (not to the "
                "person it is about). They type it into the rater pack, save the file and "
                "destroy the paper. The course shows only the average of at least {k} "
                "raters per trait."
            ).format(k=_min_group())
        )
        + "</p>"
    )
