"""A static HTML site of the dataset: ``nrcdata site --out DIR``.

Plain HTML files that work from ``file://``: no server, no network, no CDN. Each page carries its
own small stylesheet; the claims page carries a few lines of plain JavaScript that filter its table
as one types (the filter also starts from ``#q=WORDS`` or ``?q=WORDS`` in the address). A
Content-Security-Policy on every page forbids the browser any request beyond the page itself.
Every value from the data is HTML-escaped.

Pages: ``index.html`` (overview), ``areas/<area_id>.html`` (NATO's portrayal, the author's
critique and the outcome side by side), ``cases/<case_id>.html`` (Russian levers and events),
``actors/<actor_id>.html`` (claims in paragraph order, dated events in date order),
``timeline.html`` and ``claims.html``; each names the version and how to cite.

The site is written like an export: the package is loaded (and so validated) first, the pages are
written into a temporary folder inside DIR and only then moved into place; the package's own
folders are never written to.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from html import escape
from pathlib import Path

from .errors import ExportError
from .loading import Dataset, load
from .package import shipped_root
from .cite import citation
from .models import Actor, Area, Case, Claim, Event

_SAFE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
       "img-src data:; base-uri 'none'; form-action 'none'")

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
header,main,footer{max-width:1200px;margin:0 auto;padding:0 1rem}
header{border-bottom:1px solid #ccc;padding-top:.6rem;padding-bottom:.6rem}
header nav a{margin-right:1rem}
h1{font-size:1.5rem;margin:.8rem 0}h2{font-size:1.2rem;margin-top:1.6rem}h3{font-size:1rem;margin:.2rem 0}
a{color:#0b4f8a}
.cols{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:1rem;align-items:start}
.col{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.6rem}
.col.portrayal{border-top:4px solid #2c7fb8}.col.critique{border-top:4px solid #d95f0e}.col.outcome{border-top:4px solid #555}
.card{border-bottom:1px solid #eee;padding:.5rem 0}.card:last-child{border-bottom:0}
blockquote{margin:.3rem 0;padding:.2rem .6rem;border-left:3px solid #bbb;color:#333;background:#f4f4f4}
.meta{color:#555;font-size:.85rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #ddd;padding:.3rem .4rem;text-align:left;vertical-align:top}
th{background:#eee}
.phase{background:#eef3f8;font-weight:bold}
input[type=search]{font-size:1rem;padding:.3rem;width:24rem;max-width:100%}
footer{border-top:1px solid #ccc;margin-top:2rem;padding-top:.6rem;padding-bottom:1rem;color:#444;font-size:.85rem}
ul.fn{margin:.2rem 0;padding-left:1.2rem;font-size:.85rem}
@media (max-width:800px){.cols{grid-template-columns:1fr}}
"""

# the claims page's filter: every row whose text holds every typed word stays visible
FILTER_JS = """
(function () {
  var input = document.getElementById("filter");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#claims tbody tr"));
  var count = document.getElementById("count");
  var texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
  function apply() {
    var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (r, i) {
      var keep = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      r.hidden = !keep;
      if (keep) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " claims";
  }
  var m = /[#?&]q=([^&]*)/.exec(window.location.hash + "&" + window.location.search);
  if (m) { input.value = decodeURIComponent(m[1].replace(/\\+/g, " ")); }
  input.addEventListener("input", apply);
  apply();
})();
"""


class SiteError(ExportError):
    """The site could not be written; the message says why."""


def _e(value) -> str:
    """HTML-escaped text of a value (an enum by its value, None as empty)."""
    if value is None:
        return ""
    return escape(str(getattr(value, "value", value)), quote=True)


def _href(kind: str, ident: str, depth: int) -> str:
    if not _SAFE_NAME.match(ident):  # identifiers become file names: the models' slug pattern
        raise SiteError(f"{kind} identifier {ident!r} cannot be a file name")
    return f"{'../' * depth}{kind}/{ident}.html"


class _Site:
    def __init__(self, ds: Dataset):
        self.ds = ds
        dataset_cite, paper_cite = citation("apa").splitlines()[:2]
        self.cite = (dataset_cite, paper_cite)
        self.files: dict[str, str] = {}

    # -- building blocks ---------------------------------------------------------------------
    def page(self, rel: str, title: str, body: str) -> None:
        depth = rel.count("/")
        up = "../" * depth
        self.files[rel] = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)} · nrcdata {_e(self.ds.version)}</title>
<link rel="icon" href="data:,">
<style>{STYLE}</style>
</head>
<body>
<header><nav><a href="{up}index.html">Overview</a><a href="{up}timeline.html">Timeline</a><a href="{up}claims.html">Claims</a></nav></header>
<main>
<h1>{_e(title)}</h1>
{body}
</main>
<footer>
<p>nrcdata version {_e(self.ds.version)}: Adomeit (2007), <i>Inside or Outside? Russia's Policies Towards NATO</i>, as structured data.
Data CC BY 4.0; code MIT. ¶ numbers are the canonical body paragraphs (1-104) of the codebook.</p>
<p>Cite as: {_e(self.cite[0])}<br>and the paper: {_e(self.cite[1])}</p>
</footer>
</body>
</html>
"""

    def actor_link(self, actor_id: str, depth: int) -> str:
        actor = self.ds.actors.get(actor_id)
        name = actor.name if actor else actor_id
        return f'<a href="{_href("actors", actor_id, depth)}">{_e(name)}</a>'

    def area_link(self, area_id: str | None, depth: int) -> str:
        if not area_id:
            return ""
        return f'<a href="{_href("areas", area_id, depth)}">{_e(self.ds.areas[area_id].name)}</a>'

    def case_link(self, case_id: str | None, depth: int) -> str:
        if not case_id:
            return ""
        return f'<a href="{_href("cases", case_id, depth)}">{_e(self.ds.cases[case_id].title)}</a>'

    def footnotes(self, anchor: int | None, sources) -> str:
        numbers = sorted({s.footnote for s in sources} | ({anchor} if anchor else set()))
        if not numbers:
            return ""
        items = "".join(f"<li>fn {n}{' (the quote is here)' if n == anchor else ''}: "
                        f"{_e(self.ds.sources[n].citation)}"
                        + (f" (repeats fn {self.ds.sources[n].same_as})" if self.ds.sources[n].same_as else "")
                        + "</li>" for n in numbers)
        return f'<ul class="fn">{items}</ul>'

    def where(self, row) -> str:
        section = self.ds.sections.get(row.section_id)
        text = f"¶ {row.paragraph}"
        if row.anchor_footnote:
            text += f", footnote {row.anchor_footnote}"
        if section:
            text += f" · {_e(section.title)}"
        return text

    def claim_card(self, c: Claim, depth: int, holder: bool = True, on_area_page: bool = False) -> str:
        # a related claim on the same page by its anchor, any other in the claims table
        same_page = (lambda t: t.area_id == c.area_id) if on_area_page else (lambda t: False)
        rel = "".join(f' · {_e(r)} <a href="{"" if same_page(t) else "../" * depth + "claims.html"}'
                      f'#{_e(t.claim_id)}">{_e(t.claim_id)}</a>' for r, t in c.relations)
        who = f"{self.actor_link(c.holder_id, depth)} · " if holder else ""
        return (f'<div class="card" id="{_e(c.claim_id)}"><h3>{_e(c.claim_id)}: {_e(c.statement)}</h3>'
                f'<blockquote>{_e(c.quote)}</blockquote>'
                f'<div class="meta">{who}{_e(c.voice)} · {_e(c.kind)} · {_e(c.stance)} · {self.where(c)}{rel}</div>'
                f'{self.footnotes(c.anchor_footnote, c.sources)}</div>')

    def event_rows(self, events: list[Event], depth: int, actor: bool = True) -> str:
        if not events:
            return "<p>None.</p>"
        head = "<tr><th>date</th><th>event</th>" + ("<th>actor</th>" if actor else "") + "<th>where</th></tr>"
        body = []
        for e in events:
            who = f"<td>{self.actor_link(e.actor_id, depth) if e.actor_id else ''}</td>" if actor else ""
            body.append(f'<tr id="{_e(e.event_id)}"><td>{_e(e.date_as_printed)}<div class="meta">{_e(e.date)}</div></td>'
                        f"<td><b>{_e(e.title)}</b><br>{_e(e.description)}<blockquote>{_e(e.quote)}</blockquote>"
                        f"{self.footnotes(e.anchor_footnote, e.sources)}</td>{who}<td>{self.where(e)}</td></tr>")
        return f"<table><thead>{head}</thead><tbody>{''.join(body)}</tbody></table>"

    # -- the pages ---------------------------------------------------------------------------
    def index(self) -> None:
        ds = self.ds
        counts = "".join(f"<tr><td>{_e(n)}</td><td>{len(rows)}</td></tr>" for n, rows in ds.tables.items())
        areas = sorted(ds.areas.values(), key=lambda a: a.ordinal)
        area_rows = "".join(
            f'<tr><td>{self.area_link(a.area_id, 0)}</td><td>{len(a.portrayals)}</td><td>{len(a.critiques)}</td>'
            f"<td>{_e(a.outcome)}</td></tr>" for a in areas)
        cases = "".join(f"<li>{self.case_link(c.case_id, 0)}: {_e(c.nato_track)}</li>"
                        for c in sorted(ds.cases.values(), key=lambda c: c.ordinal))
        actors = sorted(ds.actors.values(), key=lambda a: (-len(a.claims), a.name.lower(), a.actor_id))
        actor_items = "".join(f"<li>{self.actor_link(a.actor_id, 0)} ({len(a.claims)} claims)</li>" for a in actors)
        phases = "".join(f"<li><b>{_e(p.name)}</b> ({_e(p.start or '?')} to {_e(p.end or '?')}): "
                         f"{_e(p.characterisation)}</li>" for p in sorted(ds.phases.values(), key=lambda p: p.ordinal))
        body = f"""<p>Hannes Adomeit, <i>Inside or Outside? Russia's Policies Towards NATO</i>, SWP Working Paper
FG 5 2007/01 (January 2007), encoded as data: who claims what about NATO-Russia relations, with a
verbatim quote, paragraph and footnotes for every row. This site is generated from nrcdata {_e(ds.version)}.</p>
<p><a href="claims.html">All {len(ds.claims)} claims</a>, filterable · <a href="timeline.html">Timeline of
{len(ds.events)} dated events</a></p>
<h2>Areas of NATO-Russia cooperation</h2>
<p>Per area: how many claims give NATO's portrayal and the author's critique, and what the Conclusions say became of it.</p>
<table><thead><tr><th>area</th><th>portrayal claims</th><th>critique claims</th><th>outcome</th></tr></thead>
<tbody>{area_rows}</tbody></table>
<h2>Post-Soviet country cases</h2><ul>{cases}</ul>
<h2>Phases of Russian policy towards NATO</h2><ul>{phases}</ul>
<h2>Actors</h2><ul>{actor_items}</ul>
<h2>Tables</h2><table><thead><tr><th>table</th><th>rows</th></tr></thead><tbody>{counts}</tbody></table>"""
        self.page("index.html", "Russia's policies towards NATO: the data of Adomeit (2007)", body)

    def area(self, a: Area) -> None:
        def col(kind: str, title: str, claims: list[Claim], extra: str = "") -> str:
            cards = "".join(self.claim_card(c, 1, on_area_page=True)
                            for c in sorted(claims, key=lambda c: (c.paragraph, c.claim_id)))
            return f'<div class="col {kind}"><h2>{title}</h2>{extra}{cards or "<p>None.</p>"}</div>'

        heading = (f"<p>NATO's heading: <b>{_e(a.nato_heading)}</b> (¶ {_e(a.nato_paragraph)})</p>"
                   if a.nato_heading else "<p>NATO's list does not name this area.</p>")
        critique = (f"<p>The critique's heading: <b>{_e(a.critique_heading)}</b> (from ¶ {_e(a.critique_paragraph)})</p>"
                    if a.critique_heading else "")
        outcome = (f"<p><b>{_e(a.outcome)}</b>: {_e(a.outcome.definition)}</p>"
                   + (f"<blockquote>{_e(a.outcome_quote)}</blockquote><p class=\"meta\">¶ {_e(a.outcome_paragraph)}</p>"
                      if a.outcome_quote else ""))
        pairs = "".join(f'<li><a href="#{_e(c.claim_id)}">{_e(c.claim_id)}</a> {_e(r)} '
                        f'<a href="#{_e(p.claim_id)}">{_e(p.claim_id)}</a></li>' for c, r, p in a.pairs)
        context = sorted((c for c in self.ds.by("claims", "area_id").get(a.area_id, [])
                          if c.area_role not in ("portrayal", "critique", "outcome")),
                         key=lambda c: (c.paragraph, c.claim_id))
        body = (f'<div class="cols">{col("portrayal", "NATO’s portrayal", a.portrayals, heading)}'
                f'{col("critique", "The author’s critique", a.critiques, critique)}'
                f'{col("outcome", "Outcome", a.outcome_claims, outcome)}</div>'
                + (f"<h2>Critique and portrayal pairs</h2><ul>{pairs}</ul>" if pairs else "")
                + (f"<h2>Other claims about the area ({len(context)})</h2>"
                   + "".join(self.claim_card(c, 1, on_area_page=True) for c in context) if context else ""))
        self.page(f"areas/{a.area_id}.html", a.name, body)

    def case(self, c: Case) -> None:
        measures = sorted(c.measures, key=lambda m: (m.paragraph, m.measure_id))
        rows = "".join(f'<tr id="{_e(m.measure_id)}"><td>{_e(m.measure_id)}</td><td>{_e(m.kind)}</td>'
                       f"<td>{_e(m.description)}<blockquote>{_e(m.quote)}</blockquote>"
                       f"{self.footnotes(m.anchor_footnote, [])}</td><td>{self.where(m)}</td></tr>" for m in measures)
        events = sorted(c.events, key=_event_order)
        claims = "".join(self.claim_card(x, 1) for x in sorted(c.claims, key=lambda x: (x.paragraph, x.claim_id)))
        countries = ", ".join(_e(k.name) for k in c.countries)
        body = (f"<p>NATO track as of December 2006: <b>{_e(c.nato_track)}</b>. Countries: {countries or 'none listed'}.</p>"
                f"<p>{_e(c.summary)}</p><blockquote>{_e(c.quote)}</blockquote><p class=\"meta\">{self.where(c)}</p>"
                f"<h2>Russian objections and levers ({len(measures)})</h2>"
                + (f"<table><thead><tr><th>id</th><th>kind</th><th>measure</th><th>where</th></tr></thead>"
                   f"<tbody>{rows}</tbody></table>" if measures else "<p>None.</p>")
                + f"<h2>Events ({len(events)})</h2>{self.event_rows(events, 1)}"
                + f"<h2>Claims ({len(c.claims)})</h2>{claims or '<p>None.</p>'}")
        self.page(f"cases/{c.case_id}.html", c.title, body)

    def actor(self, a: Actor) -> None:
        claims = sorted(a.claims, key=lambda c: (c.paragraph, c.claim_id))
        events = sorted(self.ds.by("events", "actor_id").get(a.actor_id, []), key=_event_order)
        country = self.ds.countries.get(a.country_id) if a.country_id else None
        cards = "".join(self.claim_card(c, 1, holder=False) for c in claims)
        body = (f"<p>{_e(a.kind)} · {_e(a.side)}" + (f" · {_e(a.role)}" if a.role else "")
                + (f" · {_e(country.name)}" if country else "") + "</p>"
                + f"<h2>Claims, in the paper's order ({len(claims)})</h2>{cards or '<p>None.</p>'}"
                + f"<h2>Dated events, in date order ({len(events)})</h2>{self.event_rows(events, 1, actor=False)}")
        self.page(f"actors/{a.actor_id}.html", a.name, body)

    def timeline(self) -> None:
        phases = sorted(self.ds.phases.values(), key=lambda p: p.ordinal)
        events = sorted(self.ds.events.values(), key=_event_order)
        rows, shown = [], set()
        for e in events:
            day = e.date_start or e.date_end
            for p in phases:  # a band row where a phase starts
                if p.phase_id not in shown and p.date_start and day and day >= p.date_start:
                    shown.add(p.phase_id)
                    rows.append(f'<tr class="phase"><td colspan="4">{_e(p.name)} ({_e(p.start or "?")} to '
                                f'{_e(p.end or "?")}): {_e(p.characterisation)}</td></tr>')
            what = " · ".join(x for x in (self.case_link(e.case_id, 0), self.area_link(e.area_id, 0),
                                          self.actor_link(e.actor_id, 0) if e.actor_id else "") if x)
            rows.append(f'<tr id="{_e(e.event_id)}"><td>{_e(e.date_as_printed)}<div class="meta">{_e(e.date)}</div></td>'
                        f"<td><b>{_e(e.title)}</b><br>{_e(e.description)}</td><td>{what}</td>"
                        f"<td>{self.where(e)}</td></tr>")
        body = (f"<p>{len(events)} dated events and statements, by the first day their date can mean; the "
                "paper's own words for the date first, its EDTF form below.</p>"
                "<table><thead><tr><th>date</th><th>event</th><th>case · area · actor</th><th>where</th></tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>")
        self.page("timeline.html", "Timeline", body)

    def claims(self) -> None:
        rows = []
        for c in sorted(self.ds.claims.values(), key=lambda c: (c.paragraph, c.claim_id)):
            fns = ", ".join(str(n) for n in sorted({s.footnote for s in c.sources}
                                                    | ({c.anchor_footnote} if c.anchor_footnote else set())))
            rows.append(f'<tr id="{_e(c.claim_id)}"><td>{_e(c.claim_id)}</td><td>{self.actor_link(c.holder_id, 0)}</td>'
                        f"<td>{_e(c.kind)}</td><td>{_e(c.stance)}</td><td>{self.area_link(c.area_id, 0)}"
                        f"{' (' + _e(c.area_role) + ')' if c.area_role else ''}</td><td>{self.case_link(c.case_id, 0)}</td>"
                        f"<td>{_e(c.paragraph)}</td><td>{_e(fns)}</td><td>{_e(c.statement)}"
                        f"<blockquote>{_e(c.quote)}</blockquote></td></tr>")
        body = (f'<p><label for="filter">Filter:</label> <input type="search" id="filter" autocomplete="off" '
                f'placeholder="type words: Putin missile critique"> <span id="count">{len(rows)} claims</span></p>'
                "<p class=\"meta\">Rows that contain every typed word stay; a link may start the filter, e.g. "
                "<code>claims.html#q=missile</code>.</p>"
                '<table id="claims"><thead><tr><th>id</th><th>holder</th><th>kind</th><th>stance</th><th>area</th>'
                "<th>case</th><th>¶</th><th>fn</th><th>statement and quote</th></tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table><script>{FILTER_JS}</script>")
        self.page("claims.html", "Claims", body)

    def build(self) -> dict[str, str]:
        self.index()
        for a in self.ds.areas.values():
            self.area(a)
        for c in self.ds.cases.values():
            self.case(c)
        for a in self.ds.actors.values():
            self.actor(a)
        self.timeline()
        self.claims()
        return self.files


def _event_order(e: Event):
    far = dt.date.max
    return (e.date_start or e.date_end or far, e.date_end or far, e.event_id)


def pages(ds: Dataset) -> dict[str, str]:
    """Every page of the site: relative path -> HTML."""
    return _Site(ds).build()


def _check_target(out_dir: Path, package_root: Path) -> None:
    target = out_dir.resolve()
    code = Path(__file__).resolve().parent
    for root in {shipped_root().resolve(), package_root.resolve()}:
        for folder in (root, root / "data", root / "schema"):
            if target == folder or (folder.name in ("data", "schema") and folder in target.parents):
                raise SiteError(f"refusing to write into {out_dir}: it holds the data package itself; "
                                "choose another folder")
    if target == code or code in target.parents:
        raise SiteError(f"refusing to write into {out_dir}: it is the nrcdata library's own folder")
    if target.exists() and not target.is_dir():
        raise SiteError(f"{out_dir} exists and is not a folder")


def build_site(out_dir: str | Path, path: str | Path | None = None) -> list[Path]:
    """Write the static site of the package (the shipped one by default, or ``path``) into
    ``out_dir`` (created if missing); return the files written. Files of the same name are
    replaced; every page is written before the first one is moved into place. Raises SiteError,
    and InvalidPackage when the package does not validate."""
    out_dir = Path(out_dir)
    ds = load(path)
    _check_target(out_dir, Path(ds.root))
    files = pages(ds)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=out_dir, prefix=".nrcdata-site-"))
    except OSError as e:
        raise SiteError(f"cannot write into {out_dir}: {e.strerror or e}") from None
    try:
        for rel, html in files.items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp / rel).write_text(html, encoding="utf-8")
        for rel in files:  # every page is complete before the first one is put in place
            (out_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp / rel, out_dir / rel)
    except OSError as e:
        raise SiteError(f"the site in {out_dir} could not be written: {e.strerror or e}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [out_dir / rel for rel in files]
