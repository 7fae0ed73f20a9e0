"""Fit the line model of ``newslens.clean`` and validate it by site.

Usage::

    python benchmarks/fit_boilerplate.py [BENCHMARK] [--folds 5] [--threshold 0.4] [--write]

BENCHMARK is the folder of the boilerplate benchmark (``pages/ID.txt``,
``gold.json`` and ``score.py``; default ``../shared/benchmarks/boilerplate``
beside the project). Nothing is downloaded, and no page text is stored: the
model is 40 small trees and a dozen weights over the features that
``newslens.clean`` computes (about 8 KB). Only numpy is needed; the fit is
deterministic.

1. Labels: each line of a page is article text when its words occur, in
   order, in the page's gold ``articleBody`` (a line of four or more words
   anywhere in it, or with half its 4-word shingles in it; a shorter line
   only in the stretch of the body between the lines around it). Lines the
   pattern rules cut are left out: the model never sees them as candidates.
   Every page weighs the same, and a line by its share of the page's words.
2. Stage 1: gradient-boosted trees (logistic loss, Newton leaves, depth 3,
   split points at quantiles) over each line's own and its neighbours'
   features.
3. Stage 2: a logistic regression (L2, Newton steps) over stage 1's scores
   of the line and its neighbours, fitted on out-of-fold stage 1 scores
   (pages grouped by site), so that it learns from scores like those of
   unseen pages.
4. Validation: pages are grouped by the site of their URL and split into
   folds of whole sites; each fold is cleaned by ``newslens.clean.clean``
   with a model fitted without its sites, and scored with the benchmark's
   own metric (``score.py``). That grouped figure is the honest one; the
   figure of the model fitted on all pages and scored on them is printed
   beside it.

With ``--write`` the model fitted on all pages is written to
``src/newslens/data/boilerplate.json`` with the figures it was validated with.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import re
import statistics
import sys
import zlib
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newslens import clean  # noqa: E402

MODEL_FILE = ROOT / "src" / "newslens" / "data" / "boilerplate.json"
VERSION = "1"
THRESHOLD = 0.4

#: Frequent function words of the languages news pages come in most (jusText's
#: cue: running text is full of them, menus and link lists are not). Written
#: for newslens, not taken from a stoplist.
FUNCTION_WORDS = {
    "en": "a an the and or but if of to in on at by for from with about as into than then that this "
    "these those it its is are was were be been being has have had do does did not no so there their "
    "they them he she his her him we our you your i me my who whom which what when where why how will "
    "would can could should may might must shall said says also more most other some such only just "
    "over after before up out all any each both very",
    "de": "der die das den dem des ein eine einen einem einer und oder aber nicht mit von zu im in auf "
    "für ist sind war waren wird werden hat haben sich es er sie wir ihr ich auch als an bei aus nach "
    "wie so dass noch nur um über vor durch zum zur kann man",
    "fr": "le la les un une des du de et ou mais ne pas que qui dans sur pour par avec au aux est sont "
    "était été a ont il elle ils elles nous vous on se ce cette ces son sa ses leur plus comme en y "
    "fait être avoir",
    "es": "el la los las un una unos unas y o pero no que de del en con por para al es son fue era ha "
    "han se su sus lo le les como más este esta estos también muy ya hay ser",
    "pt": "o a os as um uma uns umas e ou mas não que de do da dos das em no na nos nas com por para ao "
    "é são foi era há se seu sua seus suas como mais este esta também muito já ser ter pelo pela",
    "it": "il lo la i gli le un una uno e o ma non che di del della dei delle in nel nella con per da al "
    "alla è sono era ha hanno si suo sua come più questo questa anche molto già essere",
    "nl": "de het een en of maar niet dat die van in op met voor aan door is zijn was waren heeft hebben "
    "er hij zij wij ze ook als bij uit naar om te",
    "ru": "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее "
    "мне было вот от меня еще нет о из ему теперь когда даже ну ли если уже или быть был была были "
    "это этот эта также который которые",
    "id": "yang dan di ke dari untuk dengan pada ini itu dalam tidak akan adalah juga oleh sebagai atau "
    "bahwa ada karena telah sudah bisa dapat para saat kami kita mereka ia dia",
}

_TOKEN = re.compile(r"\w+")


# --- the pages and their labels --------------------------------------------------------------


def load_scorer(bench: Path):
    """The benchmark's score.py, imported from its file (standard library only)."""
    spec = importlib.util.spec_from_file_location("boilerplate_score", bench / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def site_of(url: str) -> str:
    return urlsplit(url).netloc.lower().removeprefix("www.")


def load_pages(bench: Path) -> list[dict]:
    """Every page with its lines, the rules' cuts, stage 1 features and line labels."""
    gold = json.loads((bench / "gold.json").read_text(encoding="utf-8"))
    pages = []
    for pid in sorted(gold):
        raw = (bench / "pages" / f"{pid}.txt").read_text(encoding="utf-8")
        lines = [line for line in clean._lines(raw) if line.text.strip()]
        page = clean._Page(raw, lines)
        cut = [bool(r) for r in clean.rule_reasons(lines)]
        signals = [clean._signals(line.text, WORDS) for line in lines]
        body = gold[pid]["articleBody"]
        pages.append(
            {
                "id": pid,
                "raw": raw,
                "body": body,
                "site": site_of(gold[pid]["url"]),
                "page": page,
                "cut": cut,
                "signals": signals,
                "local": clean._local_features(page, signals, cut),
                "labels": np.array(label_lines([line.text for line in lines], body), dtype=float),
                "words": np.array([max(1, s["n"]) for s in signals], dtype=float),
            }
        )
    return pages


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text)]


def label_lines(lines: list[str], body: str) -> list[int]:
    """1 for a line whose words occur in order in the gold body, else 0 (see the module docstring)."""
    gold = _tokens(body)
    hay = " " + " ".join(gold) + " "
    starts, position = [], 1
    for token in gold:
        starts.append(position)
        position += len(token) + 1
    shingles = {tuple(gold[j : j + 4]) for j in range(len(gold) - 3)}
    labels, anchors = [0] * len(lines), []
    for i, line in enumerate(lines):
        tokens = _tokens(line)
        if len(tokens) < 4:
            continue
        found = hay.find(" " + " ".join(tokens) + " ")
        if found >= 0:
            first = int(np.searchsorted(starts, found + 1))
            labels[i] = 1
            anchors.append((i, first, first + len(tokens)))
        else:
            own = [tuple(tokens[j : j + 4]) for j in range(len(tokens) - 3)]
            labels[i] = int(sum(s in shingles for s in own) >= len(own) / 2)
    for i, line in enumerate(lines):
        tokens = _tokens(line)
        if not tokens or len(tokens) >= 4:
            continue
        before = [a for a in anchors if a[0] < i]
        after = [a for a in anchors if a[0] > i]
        if before and after and 0 <= after[0][1] - before[-1][2] <= 40:
            stretch = " " + " ".join(gold[before[-1][2] : after[0][1]]) + " "
            labels[i] = int(" " + " ".join(tokens) + " " in stretch)
    return labels


# --- boosted trees ---------------------------------------------------------------------------

TREES, DEPTH, RATE, MIN_LEAF, L2 = 40, 3, 0.25, 40.0, 1.0  # L2 on tree leaves and on logistic weights


def matrix(rows: list[dict[str, float]], names: list[str]) -> np.ndarray:
    values = np.array([[row[name] for name in names] for row in rows], dtype=float)
    return values.reshape(len(rows), len(names))


def thresholds(column: np.ndarray, bins: int = 32) -> np.ndarray:
    """Candidate split points of a feature: midpoints between its quantiles, rounded as they are stored."""
    values = np.unique(np.quantile(column, np.linspace(0, 1, bins + 1)))
    return np.unique(np.round((values[:-1] + values[1:]) / 2, 4))


def fit_trees(x: np.ndarray, y: np.ndarray, weight: np.ndarray, names: list[str]) -> dict:
    """Gradient-boosted trees for the log-odds (logistic loss, Newton leaves, L2 on leaves).

    Returns the model as stored: features, base log-odds and the trees, the
    learning rate folded into the leaves.
    """
    cuts = [thresholds(x[:, j]) for j in range(x.shape[1])]
    binned = np.stack([np.searchsorted(c, x[:, j], side="right") for j, c in enumerate(cuts)], axis=1)
    share = float(np.clip((weight * y).sum() / weight.sum(), 1e-3, 1 - 1e-3))
    base = float(np.log(share / (1 - share)))
    z = np.full(len(y), base)
    trees = []
    for _ in range(TREES):
        p = 1.0 / (1.0 + np.exp(-z))
        gradient, hessian = weight * (p - y), weight * p * (1 - p)
        tree = grow(binned, cuts, gradient, hessian, np.arange(len(y)), DEPTH)
        trees.append(tree)
        z += apply_tree(tree, x)
    return {"features": names, "base": round(base, 4), "trees": trees}


def apply_tree(tree, x: np.ndarray) -> np.ndarray:
    """The leaf value of each row of ``x`` (as ``clean.Trees`` does at run time)."""
    if not isinstance(tree, list):
        return np.full(len(x), tree)
    j, threshold, left, right = tree
    out, goes_left = np.empty(len(x)), x[:, j] < threshold
    out[goes_left] = apply_tree(left, x[goes_left])
    out[~goes_left] = apply_tree(right, x[~goes_left])
    return out


def grow(binned, cuts, gradient, hessian, rows: np.ndarray, depth: int):
    """One tree: the split of largest gain at each node, down to ``depth``."""
    g, h = gradient[rows].sum(), hessian[rows].sum()
    leaf = round(float(-RATE * g / (h + L2)), 4)
    if depth == 0:
        return leaf
    best_gain, best = 0.0, None
    for j, c in enumerate(cuts):
        if not len(c):
            continue
        gs = np.cumsum(np.bincount(binned[rows, j], weights=gradient[rows], minlength=len(c) + 1))[:-1]
        hs = np.cumsum(np.bincount(binned[rows, j], weights=hessian[rows], minlength=len(c) + 1))[:-1]
        gain = gs**2 / (hs + L2) + (g - gs) ** 2 / (h - hs + L2) - g**2 / (h + L2)
        gain[(hs < MIN_LEAF) | (h - hs < MIN_LEAF)] = -1.0
        k = int(np.argmax(gain))
        if gain[k] > best_gain:
            best_gain, best = float(gain[k]), (j, k)
    if best is None:
        return leaf
    j, k = best
    left = binned[rows, j] <= k
    return [
        j,
        float(cuts[j][k]),
        grow(binned, cuts, gradient, hessian, rows[left], depth - 1),
        grow(binned, cuts, gradient, hessian, rows[~left], depth - 1),
    ]


def training_rows(pages: list[dict], rows_of) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Stacked features, labels and weights of the lines the rules left, every page weighing the same."""
    xs, ys, ws, names = [], [], [], None
    for page in pages:
        rows = rows_of(page)
        keep = ~np.array(page["cut"], dtype=bool)
        if not rows or not keep.any():
            continue
        names = names or list(rows[0])
        xs.append(matrix(rows, names)[keep])
        ys.append(page["labels"][keep])
        words = page["words"][keep]
        ws.append(words / words.sum())
    return np.vstack(xs), np.concatenate(ys), np.concatenate(ws) * 100, names


def fit_logistic(x: np.ndarray, y: np.ndarray, weight: np.ndarray, names: list[str]) -> clean.Logistic:
    """Weighted L2 logistic regression by Newton steps on standardised features.

    Returns the weights on the raw features, "bias" absorbing the centring.
    """
    bias = names.index("bias")
    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    mean[bias], scale[bias] = 0.0, 1.0
    z = (x - mean) / scale
    penalty = np.full(len(names), L2)
    penalty[bias] = 0.0
    beta = np.zeros(len(names))
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ beta, -30, 30)))
        gradient = z.T @ (weight * (p - y)) + penalty * beta
        hessian = (z * (weight * p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-7:
            break
    raw = beta / scale
    raw[bias] = beta[bias] - float((mean / scale) @ beta)
    return clean.Logistic({name: round(float(w), 5) for name, w in zip(names, raw, strict=True)})


def fit_stage_one(pages: list[dict]) -> clean.Trees:
    return clean.Trees.from_dict(fit_trees(*training_rows(pages, lambda p: p["local"])))


def fit_model(pages: list[dict], inner_folds: int, threshold: float) -> clean.LineModel:
    """Both stages on ``pages``; stage 2 learns from out-of-fold stage 1 scores."""
    local = fit_stage_one(pages)
    folds = fold_of(pages, inner_folds)
    first = {}
    for k in range(inner_folds):
        inner = fit_stage_one([p for p, f in zip(pages, folds, strict=True) if f != k])
        for page, f in zip(pages, folds, strict=True):
            if f == k:
                first[page["id"]] = inner.predict(page["local"])

    def page_rows(page):
        return clean._page_features(page["page"], page["signals"], first[page["id"]], page["cut"])[0]

    return clean.LineModel(VERSION, WORDS, local, fit_logistic(*training_rows(pages, page_rows)), threshold)


def fold_of(pages: list[dict], folds: int) -> list[int]:
    """A fold per page from a hash of its site: a site's pages are always in the same fold."""
    sites = sorted({p["site"] for p in pages}, key=lambda s: zlib.crc32(s.encode()))
    fold = {site: i % folds for i, site in enumerate(sites)}
    return [fold[p["site"]] for p in pages]


# --- scoring ---------------------------------------------------------------------------------


def score(pages: list[dict], outputs: dict[str, str], scorer) -> dict[str, float]:
    """The benchmark's metric (shingle F1 as upstream) and the share of gold sentences kept."""
    results = [scorer.score_page(p["body"], outputs[p["id"]]) for p in pages]
    bench = scorer.metrics_from_tp_fp_fns([r["shingle"] for r in results])
    kept = sum(r["sent_kept"] for r in results) / sum(r["sent_total"] for r in results)
    page_f1 = []
    for r in results:
        tp, fp, fn = r["shingle"]
        precision = scorer.precision_score(tp, fp, fn) if tp + fp > 0 else 0.0
        recall = scorer.recall_score(tp, fp, fn) if tp + fn > 0 else 0.0
        page_f1.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return {
        "f1": round(bench["f1"], 4),
        "precision": round(bench["precision"], 4),
        "recall": round(bench["recall"], 4),
        "sentences_kept": round(kept, 4),
        "worst_page_f1": round(min(page_f1), 4),
        "median_page_f1": round(statistics.median(page_f1), 4),
    }


def outputs_of(pages: list[dict], model: clean.LineModel) -> dict[str, str]:
    return {p["id"]: clean.clean(p["raw"], keep_headline=False, model=model).text for p in pages}


def cross_validate(pages: list[dict], folds: int, scorer, threshold: float) -> dict[str, float]:
    """Each fold of sites cleaned by a model fitted on the other sites' pages."""
    fold = fold_of(pages, folds)
    outputs = {}
    for k in range(folds):
        train = [p for p, f in zip(pages, fold, strict=True) if f != k]
        model = fit_model(train, folds - 1, threshold)
        outputs.update(outputs_of([p for p, f in zip(pages, fold, strict=True) if f == k], model))
    return score(pages, outputs, scorer)


WORDS = frozenset(w for listed in FUNCTION_WORDS.values() for w in listed.split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = ROOT.parent / "shared" / "benchmarks" / "boilerplate"
    parser.add_argument("benchmark", nargs="?", type=Path, default=default)
    parser.add_argument("--folds", type=int, default=5, help="folds of whole sites (default 5)")
    parser.add_argument("--threshold", type=float, default=THRESHOLD, help="keep lines scoring at least this")
    parser.add_argument("--write", action="store_true", help="write the model to src/newslens/data/")
    args = parser.parse_args(argv)
    scorer = load_scorer(args.benchmark)
    pages = load_pages(args.benchmark)
    print(f"{len(pages)} pages from {len({p['site'] for p in pages})} sites", file=sys.stderr)
    grouped = cross_validate(pages, args.folds, scorer, args.threshold)
    model = fit_model(pages, args.folds, args.threshold)
    development = score(pages, outputs_of(pages, model), scorer)
    print(f"grouped {args.folds}-fold CV by site: {grouped}")
    print(f"fitted and scored on all pages:    {development}")
    if args.write:
        MODEL_FILE.write_text(dumps(model_json(model, grouped, development, args)), encoding="utf-8")
        print(f"wrote {MODEL_FILE.relative_to(ROOT)}", file=sys.stderr)
    return 0


def model_json(model: clean.LineModel, grouped: dict, development: dict, args) -> dict:
    return {
        "version": VERSION,
        "fitted": dt.date.today().isoformat(),
        "fitted_by": "benchmarks/fit_boilerplate.py",
        "training": "the 121 development pages of the boilerplate benchmark (plain-text copies)",
        "validation": {f"grouped_{args.folds}_fold_cv_by_site": grouped, "development_pages": development},
        "threshold": model.threshold,
        "function_words": FUNCTION_WORDS,
        "local": trees_json(model.local),
        "page": model.page.weights,
    }


def trees_json(trees: clean.Trees) -> dict:
    return {"features": list(trees.features), "base": trees.base, "trees": list(trees.trees)}


def dumps(data: dict) -> str:
    """JSON with one entry a line, and each tree compact on a line of its own."""
    mark = "(the trees)"
    text = json.dumps({**data, "local": {**data["local"], "trees": mark}}, indent=1, ensure_ascii=False)
    trees = ",\n".join("   " + json.dumps(tree, separators=(",", ":")) for tree in data["local"]["trees"])
    return text.replace(json.dumps(mark), "[\n" + trees + "\n  ]") + "\n"


if __name__ == "__main__":
    sys.exit(main())
