"""The interactive report: the static HTML page, with each filtered block drawn by a small script from `Views`.

Everything sits in the one file (no server, no network, nothing fetched): the static page of
`html_export`, the views as JSON in a `<script type="application/json">` element, a few lines
of CSS and a plain script that draws tiles, bars and the chart's data table with DOM calls
(text never goes through innerHTML, so a survey label cannot inject markup).
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from xmdesk.core.files import write_output
from xmdesk.core.jobs import Progress, no_progress
from xmdesk.core.reports.build import BuiltReport, ChartImages, Section
from xmdesk.core.reports.html_export import render_html
from xmdesk.core.reports.interactive import Views

CSS = """
.xf{display:flex;flex-wrap:wrap;gap:8px 16px;margin:4px 0 12px;font-size:13px;color:#6b7785}
.xf select{font:inherit;padding:3px 6px;border:1px solid #b8c2cc;border-radius:4px;background:#fff;color:#26323d}
.xv svg{width:100%;height:auto}.xv .lab{font-size:12px;fill:#26323d}.xv .val{font-size:12px;fill:#26323d}
"""

SCRIPT = r"""
(function(){
var D=JSON.parse(document.getElementById('xm-data').textContent),NS='http://www.w3.org/2000/svg';
var ROLE={promoter:'#2e8b57',passive:'#b9c0c8',detractor:'#d9534f',positive:'#2e8b57',negative:'#d9534f'};
function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!=null)e.textContent=text;return e;}
function svg(tag,attrs,text){var e=document.createElementNS(NS,tag);for(var k in attrs)e.setAttribute(k,attrs[k]);
 if(text!=null)e.textContent=text;return e;}
function colour(s,k){return ROLE[s.role]||(k?'var(--accent)':'var(--primary)');}
function tiles(list){var box=el('div','tiles');list.forEach(function(t){var d=el('div','tile');
 d.appendChild(el('div','label',t[0]));d.appendChild(el('div','value',t[1]));
 d.appendChild(el('div','sub',t[2]+(t[3]?' \u00b7 '+t[3]:'')));box.appendChild(d);});return box;}
function chart(c){
 var stacked=c.kind==='stacked_bars',rows=stacked?1:c.series.length,h=rows*18+10,W=880,L=240,R=110,P=W-L-R;
 var lo=c.range?Math.min(0,c.range[0]):0,hi=c.range?c.range[1]:0;
 c.series.forEach(function(s){s.values.forEach(function(v){if(v!=null){hi=Math.max(hi,v);lo=Math.min(lo,v);}});});
 if(hi<=lo)hi=lo+1;var x=function(v){return L+P*(v-lo)/(hi-lo);};
 var g=svg('svg',{viewBox:'0 0 '+W+' '+(c.categories.length*h+8),role:'img'});
 c.categories.forEach(function(cat,i){var y=i*h+4,at=0;
  g.appendChild(svg('text',{x:L-8,y:y+14,'text-anchor':'end','class':'lab'},cat));
  c.series.forEach(function(s,k){var v=s.values[i],top=stacked?y:y+k*18;
   if(v==null){g.appendChild(svg('text',{x:x(0)+4,y:top+13,'class':'val'},s.texts[i]));return;}
   var a=stacked?x(at):x(Math.min(0,v)),b=stacked?x(at+v):x(Math.max(0,v));at+=v;
   g.appendChild(svg('rect',{x:a,y:top+2,width:Math.max(1,b-a),height:15,style:'fill:'+colour(s,k)}));
   if(!stacked)g.appendChild(svg('text',{x:b+4,y:top+14,'class':'val'},s.texts[i]));
   else if(b-a>40)g.appendChild(svg('text',{x:(a+b)/2,y:top+14,'text-anchor':'middle','class':'val'},s.texts[i]));});
  if(stacked)g.appendChild(svg('text',{x:L+P+6,y:y+14,'class':'val'},c.scores[i]||''));});
 if(lo<0)g.appendChild(svg('line',{x1:x(0),x2:x(0),y1:0,y2:c.categories.length*h+8,stroke:'#6b7785'}));
 var box=el('div','chart');box.appendChild(g);return box;}
function table(c){var d=el('details'),t=el('table'),hr=el('tr'),body=el('tbody');d.appendChild(el('summary',null,D.chartData));
 c.header.forEach(function(h){hr.appendChild(el('th',null,h));});var th=el('thead');th.appendChild(hr);t.appendChild(th);
 c.rows.forEach(function(r){var tr=el('tr');r.forEach(function(v,j){tr.appendChild(el('td',j?'num':null,v));});
 body.appendChild(tr);});t.appendChild(body);d.appendChild(t);return d;}
function draw(sec){
 var keys=[].map.call(sec.querySelectorAll('.xf select'),function(s){return s.value;});
 var view=D.groups[sec.dataset.group][keys.join('|')],box=sec.querySelector('.xv'),notes=sec.querySelector('.xn');
 box.textContent='';notes.textContent='';
 if(!view){box.appendChild(el('p','message',D.suppressed));return;}
 var s=view[sec.dataset.index];
 if(s.tiles)box.appendChild(tiles(s.tiles));
 if(s.chart){box.appendChild(chart(s.chart));box.appendChild(table(s.chart));}
 notes.textContent=s.notes.join(' \u00b7 ');}
[].forEach.call(document.querySelectorAll('section.xi'),function(sec){
 [].forEach.call(sec.querySelectorAll('.xf select'),function(s){s.addEventListener('change',function(){draw(sec);});});
 draw(sec);});
})();
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _filtered_section(views: Views, index: int, section: Section) -> str | None:
    """A filtered block's frame: its title, one select per allowed filter, and the boxes the script fills."""
    group = views.group_of(index)
    if group is None:
        return None
    codes = views.groups[group][0]
    chosen = [f for code in codes for f in views.facets if f.code == code]
    selects = "".join(
        f'<label>{_e(f.label)} <select data-facet="{_e(f.code)}">'
        + "".join(f'<option value="{_e(key)}">{_e(label)}</option>' for key, label in f.options)
        + "</select></label>" for f in chosen)
    return (f'<section id="s{index}" class="xi" data-group="{group}" data-index="{index}"><h2>{_e(section.title)}</h2>'
            f'<div class="xf">{selects}</div><div class="xv"></div><p class="notes xn"></p></section>')


def embedded_json(views: Views, report: BuiltReport) -> str:
    """The views as the page's script reads them; '</' is escaped so no text can close the script element."""
    data = {"groups": [views_of for _, _, views_of in views.groups],
            "suppressed": report.text("report.suppressed", n=views.min_base),
            "chartData": report.text("report.chart_data")}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def render_interactive(report: BuiltReport, views: Views, images: ChartImages | None = None,
                       progress: Progress = no_progress) -> str:
    """The report's page with its filtered blocks drawn from `views` by the script, the rest as in the static file."""
    tail = (f'<style>{CSS}</style><script type="application/json" id="xm-data">{embedded_json(views, report)}'
            f"</script><script>{SCRIPT}</script>")
    return render_html(report, images, progress, writer=lambda i, s: _filtered_section(views, i, s), tail=tail)


def write_interactive(report: BuiltReport, views: Views, path: str | Path, images: ChartImages | None = None,
                      progress: Progress = no_progress) -> int:
    """Write the interactive page; returns its size in bytes."""
    text = render_interactive(report, views, images, progress)
    write_output(path, lambda target: Path(target).write_text(text, encoding="utf-8"))
    return len(text.encode("utf-8"))
