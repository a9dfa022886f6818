#!/usr/bin/env python3
"""
The scripted peer of `npm run bench`: what a data manager would write with pandas to do the job of
the workstation's edit checks on one delivery, for comparison in the same run.

It reads the same files as `import --batch` (one folder of CSV files or one .xlsx workbook per
site export; CSV in UTF-8, UTF-8 with BOM or CP949, comma or tab separated; workbooks read with the
standard library, since this Python has no openpyxl), standardises every value as the study
definition says (dates with partial dates and Excel serials, Y/N and coded values with their
synonyms, numbers, lab results in each test's first unit) and runs the 41 checks of
edit-checks.md with vectorised pandas, the parameters taken from the study definition. Partial
dates are compared through their first and last possible day, as the specification requires.

It keeps nothing: no database, no raw values beside standardised ones, no provenance, no history,
no discrepancy workflow. It prints one JSON line: seconds per phase, rows, hits per check, and,
given the answer key, the share of planted errors it finds per check.

    python3 bench/peer/checks_peer.py DEFINITION.json DELIVERY_DIR [ANSWER_KEY.json]
"""
import io
import json
import os
import re
import sys
import time
import unicodedata
import zipfile
from datetime import date, timedelta
from xml.etree import ElementTree as ET

import numpy as np
import pandas as pd

EPOCH = date(1970, 1, 1)
EXCEL_EPOCH = date(1899, 12, 30)
MONTHS = {m: i + 1 for i, m in enumerate(
    ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'])}
NS = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
REL_NS = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'


class Serial(float):
    """A number in a date-formatted cell of a workbook: a day in Excel's 1900 date system."""


class Number1904(float):
    """A bare number in a workbook of the 1904 date system (a serial day there, if it is a date)."""


# --------------------------------------------------------------------------------------------------
# Reading a delivery
# --------------------------------------------------------------------------------------------------

def export_date_of(name):
    for token in re.split(r'[^A-Za-z0-9]+', name):
        if re.fullmatch(r'\d{8}', token):
            try:
                return date(int(token[:4]), int(token[4:6]), int(token[6:]))
            except ValueError:
                pass
    return None


def form_of(name, forms):
    tokens = [t.upper() for t in re.split(r'[^A-Za-z0-9]+', os.path.splitext(name)[0])]
    found = [f for f in forms if f in tokens]
    return found[0] if len(found) == 1 else None


def decode(data):
    if data.startswith(b'\xef\xbb\xbf'):
        return data[3:].decode('utf-8')
    if data.startswith((b'\xff\xfe', b'\xfe\xff')):  # Excel's "Unicode text"
        return data.decode('utf-16')
    try:
        return data.decode('utf-8')
    except UnicodeDecodeError:
        return data.decode('cp949')


def read_csv(path):
    with open(path, 'rb') as f:
        text = decode(f.read())
    header = text.split('\n', 1)[0]
    sep = '\t' if path.lower().endswith('.tsv') or header.count('\t') > header.count(',') else ','
    df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_filter=False)
    df.columns = [c.strip().upper() for c in df.columns]
    return df


DATE_FORMAT = re.compile(r'(?<!\\)[dmy]', re.I)


def is_date_format(code):
    stripped = re.sub(r'"[^"]*"|\[[^\]]*\]', '', code)
    return bool(DATE_FORMAT.search(stripped))


BUILT_IN_DATE_FORMATS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))


def read_xlsx(path, forms):
    """The sheets named by a form: text cells as text, numbers as floats, date-formatted numbers as
    Serial (what a date cell holds, in the 1900 date system)."""
    tables = {}
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        book = ET.fromstring(z.read('xl/workbook.xml'))
        pr = book.find(f'{NS}workbookPr')
        date1904 = pr is not None and pr.get('date1904') in ('1', 'true')
        rels = ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))
        target = {r.get('Id'): r.get('Target') for r in rels}
        shared = []
        if 'xl/sharedStrings.xml' in names:
            for si in ET.fromstring(z.read('xl/sharedStrings.xml')).iter(f'{NS}si'):
                shared.append(''.join(t.text or '' for t in si.iter(f'{NS}t')))
        date_styles = set()
        if 'xl/styles.xml' in names:
            styles = ET.fromstring(z.read('xl/styles.xml'))
            custom = {int(n.get('numFmtId')): n.get('formatCode') for n in styles.iter(f'{NS}numFmt')}
            xfs = styles.find(f'{NS}cellXfs')
            for i, xf in enumerate(xfs if xfs is not None else []):
                fid = int(xf.get('numFmtId', 0))
                if fid in custom and is_date_format(custom[fid]) or fid not in custom and fid in BUILT_IN_DATE_FORMATS:
                    date_styles.add(i)
        for sheet in book.iter(f'{NS}sheet'):
            form = sheet.get('name', '').strip().upper()
            if form not in forms or sheet.get('state') in ('hidden', 'veryHidden'):
                continue
            part = 'xl/' + target[sheet.get(f'{REL_NS}id')].lstrip('/').removeprefix('xl/')
            rows = []
            for row in ET.fromstring(z.read(part)).iter(f'{NS}row'):
                cells = {}
                for c in row.iter(f'{NS}c'):
                    ref = c.get('r')
                    col = 0
                    for ch in ref:
                        if ch.isalpha():
                            col = col * 26 + ord(ch.upper()) - 64
                    t = c.get('t', 'n')
                    v = c.find(f'{NS}v')
                    if t == 's':
                        cells[col - 1] = shared[int(v.text)]
                    elif t in ('str', 'e'):
                        cells[col - 1] = v.text if v is not None and v.text else ''
                    elif t == 'inlineStr':
                        cells[col - 1] = ''.join(x.text or '' for x in c.iter(f'{NS}t'))
                    elif t == 'b':
                        cells[col - 1] = 'TRUE' if v is not None and v.text == '1' else 'FALSE'
                    elif v is not None and v.text:
                        n = float(v.text)
                        if int(c.get('s', 0)) in date_styles:
                            cells[col - 1] = Serial(n + (1462 if date1904 else 0))
                        else:
                            cells[col - 1] = Number1904(n) if date1904 else n
                if cells:
                    rows.append(cells)
            if not rows:
                continue
            width = max(max(r) for r in rows) + 1
            matrix = [[r.get(i, '') for i in range(width)] for r in rows]
            df = pd.DataFrame(matrix[1:], columns=[str(h).strip().upper() for h in matrix[0]], dtype=object)
            tables[form] = df
    return tables


def load_delivery(folder, forms):
    """Every site export of the delivery: form -> one table of all sites' rows, with the site's
    export date (cut-off) and the export the rows came from."""
    pieces = {f: [] for f in forms}
    for entry in sorted(os.listdir(folder)):
        path = os.path.join(folder, entry)
        export_day = export_date_of(entry)
        if os.path.isdir(path):
            tables = {}
            for name in sorted(os.listdir(path)):
                form = form_of(name, forms)
                if form:
                    tables[form] = read_csv(os.path.join(path, name))
        elif entry.lower().endswith('.xlsx'):
            tables = read_xlsx(path, forms)
        else:
            continue
        for form, df in tables.items():
            df['_export'] = entry
            df['_export_day'] = (export_day - EPOCH).days if export_day else np.nan
            pieces[form].append(df)
    # Columns a site's file lacks are empty for its rows.
    return {f: pd.concat(p, ignore_index=True).fillna('') if p else pd.DataFrame() for f, p in pieces.items()}


# --------------------------------------------------------------------------------------------------
# Standardising values (as the study definition says)
# --------------------------------------------------------------------------------------------------

def day(y, m, d):
    return (date(y, m, d) - EPOCH).days


def month_span(y, m):
    first = date(y, m, 1)
    last = (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1))
    return (first - EPOCH).days, (last - EPOCH).days


def parse_date(raw, missing):
    """(lo, hi) day numbers; None when missing; 'invalid' when neither a date nor missing."""
    if isinstance(raw, Serial):
        d = (EXCEL_EPOCH - EPOCH).days + int(raw)
        return d, d
    offset = 1462 if isinstance(raw, Number1904) else 0
    if isinstance(raw, float):
        raw = str(int(raw)) if raw.is_integer() else str(raw)
    text = raw.strip().upper()
    if text in missing:
        return None
    if not text.isascii():  # full-width digits; Korean long dates with their weekday
        text = re.sub(r'\s*(?:\([일월화수목금토](?:요일)?\)|[일월화수목금토]요일)$', '',
                      unicodedata.normalize('NFKC', text).strip())
    try:
        m = re.fullmatch(r'(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?: 00:00(?::00)?)?', text) or \
            re.fullmatch(r'(\d{4})\. ?(\d{1,2})\. ?(\d{1,2})\.?', text) or \
            re.fullmatch(r'(\d{4})년 ?(\d{1,2})월 ?(\d{1,2})일', text)
        if m:
            d = day(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        m = re.fullmatch(r'(?:[A-Z]+DAY, )?([A-Z]{3})[A-Z]* (\d{1,2}), (\d{4})', text)  # Monday, March 5, 2018
        if m and m[1] in MONTHS:
            d = day(int(m[3]), MONTHS[m[1]], int(m[2]))
            return d, d
        m = re.fullmatch(r'(\d{1,2})-?([A-Z]{3})-?(\d{4})', text)
        if m and m[2] in MONTHS:
            d = day(int(m[3]), MONTHS[m[2]], int(m[1]))
            return d, d
        m = re.fullmatch(r'(\d{4})[-./](\d{1,2})(?:[-./](?:UN|UK|UNK|XX))?', text) or \
            re.fullmatch(r'(?:UN|UK|UNK|XX)[-./ ]?(\d{1,2})[-./](\d{4})', text)
        if m:
            y, mo = (int(m[1]), int(m[2])) if len(m[1]) == 4 else (int(m[2]), int(m[1]))
            return month_span(y, mo)
        m = re.fullmatch(r'(?:UN|UK|UNK)-?([A-Z]{3})-?(\d{4})', text)
        if m and m[1] in MONTHS:
            return month_span(int(m[2]), MONTHS[m[1]])
        m = re.fullmatch(r'(\d{4})[-./](?:UN|UK|UNK|XX)[-./](?:UN|UK|UNK|XX)', text) or \
            re.fullmatch(r'(?:UN|UK|UNK|XX)[-./ ]?(?:UN|UK|UNK|XX|[A-Z]{3})?[-./ ]?(\d{4})', text)
        if m and not (len(text) > 4 and text[-8:-5].isalpha() and text[-8:-5] in MONTHS):
            y = int(m[1])
            return day(y, 1, 1), day(y, 12, 31)
        if re.fullmatch(r'\d{8}', text) and 19000101 <= int(text) <= 21001231:
            d = day(int(text[:4]), int(text[4:6]), int(text[6:]))
            return d, d
        if re.fullmatch(r'\d{4}', text) and 1900 <= int(text) <= 2100:
            return day(int(text), 1, 1), day(int(text), 12, 31)
        if re.fullmatch(r'\d{1,5}', text) and 0 < int(text) < 80000:
            d = (EXCEL_EPOCH - EPOCH).days + int(text) + offset
            return d, d
    except ValueError:
        return 'invalid'
    return 'invalid'


def norm(value):
    if isinstance(value, float):
        value = str(int(value)) if value.is_integer() else str(value)
    return ' '.join(str(value).split()).upper()


class Standardiser:
    def __init__(self, definition):
        self.definition = definition
        self.missing = {m.upper() for m in definition['missingMarkers']}
        self.yes_no = {s.upper(): code for code, spellings in definition['yesNo'].items() for s in spellings}
        self.codes = {}
        for name, cl in definition['codeLists'].items():
            synonyms = name in ('RESPONSE',)  # only RSORRES (and Y/N, lab units) accept other spellings
            table = {}
            for v in cl['values']:
                table[v['code'].upper()] = v['code']
                if synonyms:
                    for s in v.get('synonyms', []):
                        table[s.upper()] = v['code']
            self.codes[name] = table
        self.tests = {t['code']: t for t in definition['labTests']}

    def column(self, series, col):
        """Standardised values, and a flag of values that could not be read. Each distinct value
        is read once; the column takes the results by lookup."""
        kind = col['type']
        uniques = pd.unique(series)
        if kind == 'date':
            parsed = {u: parse_date(u, self.missing) for u in uniques}
            lo = series.map({u: v[0] if isinstance(v, tuple) else np.nan for u, v in parsed.items()})
            hi = series.map({u: v[1] if isinstance(v, tuple) else np.nan for u, v in parsed.items()})
            bad = series.map({u: v == 'invalid' for u, v in parsed.items()})
            return (lo.astype(float), hi.astype(float)), bad.astype(bool)
        normalised = {u: norm(u) for u in uniques}
        missing = {u for u, n in normalised.items() if n in self.missing}
        if kind == 'yesno':
            table = {u: self.yes_no.get(n) for u, n in normalised.items()}
        elif kind in ('code', 'integer') and col.get('codeList'):
            codes = self.codes[col['codeList']]
            table = {u: codes.get(n) for u, n in normalised.items()}
            if kind == 'integer':
                table = {u: (float(v) if v is not None else None) for u, v in table.items()}
        elif kind in ('integer', 'number'):
            table = {}
            for u, n in normalised.items():
                try:
                    v = float(n.replace(',', '')) if not isinstance(u, float) else u
                    table[u] = None if kind == 'integer' and not float(v).is_integer() else v
                except ValueError:
                    table[u] = None
        else:
            table = {u: (str(u).strip() if u not in missing else None) for u in uniques}
        values = series.map(table)
        bad = values.isna() & ~series.isin(missing)
        return values, bad

    def lab(self, df):
        """LBORRES in each numeric test's first unit (coded tests: their code); unusable results flagged."""
        tests = df['LBTESTCD']
        raw = df['LBORRES'].map({u: norm(u) for u in pd.unique(df['LBORRES'])})
        units = df['LBORRESU'] if 'LBORRESU' in df else pd.Series('', index=df.index)
        unit = units.map({u: re.sub(r'\s+', '', str(u)).replace('µ', 'u').replace('μ', 'u').upper()
                          for u in pd.unique(units)})
        number = pd.to_numeric(raw.str.replace(',', '', regex=False), errors='coerce')
        factor = pd.Series(np.nan, index=df.index)
        result = pd.Series(np.nan, index=df.index, dtype=object)
        for code, test in self.tests.items():
            rows = tests == code
            if not rows.any():
                continue
            if test['kind'] == 'coded':
                codes = self.codes[test['codeList']]
                result[rows] = raw[rows].map(codes)
                continue
            for u in test['units']:
                spellings = {re.sub(r'\s+', '', s).replace('µ', 'u').replace('μ', 'u').upper()
                             for s in [u['unit'], *u.get('synonyms', [])]}
                f = 1 / u['divideBy'] if 'divideBy' in u else u.get('multiplyBy', 1)
                factor[rows & unit.isin(spellings)] = f
            numeric = rows & number.notna() & (number >= 0) & factor.notna()
            result[numeric] = (number[numeric] * factor[numeric]).round(12)
        unusable = result.isna() & ~raw.isin(self.missing)
        return result, unusable


def standardise(tables, definition):
    """form -> DataFrame: standardised columns (dates as COL_lo / COL_hi day numbers), the record
    key, its occurrence within the export, the problems found (for DATA-01/02/05/07, RESP-08)."""
    std = Standardiser(definition)
    out = {}
    issues = []
    for form in definition['forms']:
        code = form['code']
        raw = tables.get(code, pd.DataFrame())
        if raw.empty:
            continue
        df = pd.DataFrame(index=raw.index)
        df['_export'] = raw['_export']
        df['_cutoff'] = raw['_export_day']
        for col in form['columns']:
            name = col['name']
            series = raw[name] if name in raw else pd.Series('', index=raw.index)
            if col['type'] == 'labresult':
                continue
            values, bad = std.column(series, col)
            if col['type'] == 'date':
                df[name + '_lo'], df[name + '_hi'] = values
                kind = 'DATA-01'
            else:
                df[name] = values
                kind = 'RESP-08' if col.get('codeList') == 'RESPONSE' else 'DATA-05'
            df[name + '_missing'] = series.map({u: norm(u) in std.missing for u in pd.unique(series)}).astype(bool)
            if col['type'] in ('date', 'yesno', 'code') or col.get('codeList') or col['type'] in ('integer', 'number'):
                issues.append(pd.DataFrame({'check': kind, 'form': code, 'field': name, 'row': df.index[bad]}))
        if code == 'LB':
            df['LBORRES'], unusable = std.lab(raw.assign(LBTESTCD=df['LBTESTCD']))
            df['LBORRES_missing'] = raw['LBORRES'].map({u: norm(u) in std.missing for u in pd.unique(raw['LBORRES'])}).astype(bool)
            issues.append(pd.DataFrame({'check': 'DATA-07', 'form': code, 'field': 'LBORRES',
                                        'row': df.index[unusable & df['LBTESTCD'].notna()]}))
        df['SUBJID'] = raw['SUBJID'].map({u: str(u).strip() for u in pd.unique(raw['SUBJID'])})
        # The record key: each key column's standardised value, else its text as written.
        key = df['SUBJID']
        for k in form['key'][1:]:
            column = df[k] if k in df else raw[k]
            text = {u: str(int(u)) if isinstance(u, float) and u.is_integer() else norm(u) for u in pd.unique(column)}
            key = key + '|' + column.map(text)
        df['_key'] = key
        df['_occurrence'] = df.groupby(['_export', '_key']).cumcount() + 1
        out[code] = df
    out['_issues'] = pd.concat([i for i in issues if len(i)], ignore_index=True) if issues else pd.DataFrame()
    return out


# --------------------------------------------------------------------------------------------------
# The checks (edit-checks.md), with the study definition's parameters
# --------------------------------------------------------------------------------------------------

def hits(check, df, form, field):
    return pd.DataFrame({'check': check, 'subject': df['SUBJID'].values, 'form': form,
                         'key': df['_key'].values, 'field': field})


def before(a_hi, b_lo):
    return b_lo.notna() & (a_hi < b_lo)


def run_checks(data, definition):
    p = {k: v.get('params', {}) for k, v in definition['checks'].items()}
    t = definition['treatment']
    dm, ex, ae, rs, lb, ds, cm = (data.get(f, pd.DataFrame()) for f in ['DM', 'EX', 'AE', 'RS', 'LB', 'DS', 'CM'])
    found = []

    # Derived facts: study-drug periods, cycle day 1 of each cycle, each subject's C1D1, EOT, death.
    pom = ex[ex['EXTRT'] == t['studyDrug']].copy()
    cycles = pom.dropna(subset=['CYCLE', 'EXSTDAT_lo']).groupby(['SUBJID', 'CYCLE']).agg(
        d1_lo=('EXSTDAT_lo', 'min'), d1_hi=('EXSTDAT_hi', 'min')).reset_index()
    c1 = cycles[cycles['CYCLE'] == 1].set_index('SUBJID')
    subj = dm[dm['_occurrence'] == 1].set_index('SUBJID')
    subj['c1d1_lo'] = c1['d1_lo']
    subj['c1d1_hi'] = c1['d1_hi']
    dss = ds[ds['_occurrence'] == 1].set_index('SUBJID') if len(ds) else pd.DataFrame()
    for col in ['EOTDAT_lo', 'EOTDAT_hi', 'DTHDAT_lo', 'DTHDAT_hi']:
        subj[col] = dss[col] if len(dss) else np.nan
    subj['cutoff'] = subj['_cutoff']
    facts = subj[['c1d1_lo', 'c1d1_hi', 'EOTDAT_lo', 'EOTDAT_hi', 'DTHDAT_lo', 'DTHDAT_hi', 'cutoff', 'AGE',
                  'RFICDAT_lo', 'RFICDAT_hi', 'ENRLDAT_lo', 'DIALYSIS', 'HEPIMP']]
    pom = pom.join(facts, on='SUBJID')
    pom = pom.sort_values(['SUBJID', 'EXSTDAT_lo', 'EXSEQ'])
    once = pom[pom['_occurrence'] == 1]
    dated = once.dropna(subset=['EXSTDAT_lo'])
    prev_dose = dated.groupby('SUBJID')['EXDOSE'].shift()
    # The previous period counts only where the order is certain (its start certainly before this one's).
    prev_hi = dated.groupby('SUBJID')['EXSTDAT_hi'].shift()
    certain = prev_hi < dated['EXSTDAT_lo']

    # DOSE
    found.append(hits('DOSE-01', pom[pom['EXDOSE'].notna() & ~pom['EXDOSE'].isin(t['doseLevels'])], 'EX', 'EXDOSE'))
    first = dated.groupby('SUBJID').head(1)
    first = first[first['EXDOSE'] != t['startDose']]
    allowed = pd.Series(False, index=first.index)
    for rule in t['labelStartDoses']:
        ok = first['EXDOSE'] == rule['dose']
        for col, values in rule['when'].items():
            ok &= first[col].isin(values)
        allowed |= ok
    found.append(hits('DOSE-02', first[~allowed & first['EXDOSE'].notna()], 'EX', 'EXDOSE'))
    withd1 = pom.merge(cycles, on=['SUBJID', 'CYCLE'], how='inner')
    found.append(hits('DOSE-03', withd1[withd1['EXENDAT_lo'] > withd1['d1_hi'] + t['dosingDays'] - 1], 'EX', 'EXENDAT'))
    cyc = cycles.sort_values(['SUBJID', 'CYCLE'])
    cyc['prev_cycle'] = cyc.groupby('SUBJID')['CYCLE'].shift()
    cyc['prev_lo'] = cyc.groupby('SUBJID')['d1_lo'].shift()
    early = cyc[(cyc['prev_cycle'] == cyc['CYCLE'] - 1) & (cyc['d1_hi'] - cyc['prev_lo'] < t['cycleLengthDays'])]
    early = early.merge(pom[['SUBJID', 'CYCLE', 'EXSTDAT_lo', '_key']], left_on=['SUBJID', 'CYCLE', 'd1_lo'],
                        right_on=['SUBJID', 'CYCLE', 'EXSTDAT_lo']).drop_duplicates(['SUBJID', 'CYCLE'])
    found.append(hits('DOSE-04', early, 'EX', 'EXSTDAT'))
    up = dated[certain & (dated['EXDOSE'] > prev_dose)]
    found.append(hits('DOSE-05', up, 'EX', 'EXDOSE'))
    q6 = p['DOSE-06']
    down = dated[certain & (dated['EXDOSE'] < prev_dose) & (dated['EXADJ'] != q6['otherReason'])]
    reasons = ae[ae['AEACN'].isin(q6['reductionActions'])][['SUBJID', 'AESTDAT_lo', 'AESTDAT_hi']]
    pairs = down[['SUBJID', '_key', 'EXSTDAT_lo', 'EXSTDAT_hi']].merge(reasons, on='SUBJID')
    explained = pairs[(pairs['AESTDAT_hi'].isna() | (pairs['AESTDAT_hi'] >= pairs['EXSTDAT_lo'] - q6['aeLookbackDays']))
                      & (pairs['AESTDAT_lo'].isna() | (pairs['AESTDAT_lo'] <= pairs['EXSTDAT_hi']))]['_key']
    found.append(hits('DOSE-06', down[~down['_key'].isin(explained)], 'EX', 'EXDOSE'))
    q7 = p['DOSE-07']
    said = ae[(ae['AEACN'] == q7['reducedAction']) & ae['AESTDAT_lo'].notna()].join(facts[['cutoff']], on='SUBJID')
    said = said[said['AESTDAT_hi'] + q7['reductionWithinDays'] <= said['cutoff']]
    reductions = dated[certain & (dated['EXDOSE'] < prev_dose)][['SUBJID', 'EXSTDAT_lo', 'EXSTDAT_hi']]
    pairs = said[['SUBJID', '_key', 'AESTDAT_lo', 'AESTDAT_hi']].merge(reductions, on='SUBJID')
    done = pairs[(pairs['EXSTDAT_hi'] >= pairs['AESTDAT_lo'])
                 & (pairs['EXSTDAT_lo'] <= pairs['AESTDAT_hi'] + q7['reductionWithinDays'])]['_key']
    found.append(hits('DOSE-07', said[~said['_key'].isin(done)], 'AE', 'AEACN'))
    dex = ex[ex['EXTRT'] == t['comedication']].join(facts[['AGE']], on='SUBJID')
    limit = np.where(dex['AGE'] > t['elderlyAgeAbove'], t['comedicationDoseElderly'], t['comedicationDose'])
    found.append(hits('DOSE-08', dex[dex['EXDOSE'] > limit], 'EX', 'EXDOSE'))
    exf = ex.join(facts[['EOTDAT_hi', 'DTHDAT_hi']], on='SUBJID')
    after_eot = (exf['EXTRT'] == t['studyDrug']) & (exf['EXENDAT_lo'] > exf['EOTDAT_hi'])
    after_death = (exf['EXSTDAT_lo'] > exf['DTHDAT_hi']) | (exf['EXENDAT_lo'] > exf['DTHDAT_hi'])
    found.append(hits('DOSE-09', exf[after_eot | after_death], 'EX', 'EXENDAT'))
    q10 = p['DOSE-10']
    low = lb[((lb['LBTESTCD'] == q10['ancTest']) & (pd.to_numeric(lb['LBORRES'], errors='coerce') < q10['ancBelow']))
             | ((lb['LBTESTCD'] == q10['platTest']) & (pd.to_numeric(lb['LBORRES'], errors='coerce') < q10['platBelow']))]
    low = low[low['LBDAT_lo'] == low['LBDAT_hi']]
    pairs = low[['SUBJID', '_key', 'LBDAT_lo']].merge(pom[['SUBJID', 'EXSTDAT_hi', 'EXENDAT_lo']], on='SUBJID')
    covered = pairs[(pairs['EXSTDAT_hi'] <= pairs['LBDAT_lo'] + 1) & (pairs['EXENDAT_lo'] >= pairs['LBDAT_lo'] + 1)]
    found.append(hits('DOSE-10', covered.drop_duplicates('_key'), 'LB', 'LBORRES'))

    # RESP
    rsd = rs[['SUBJID', '_key', 'RSDAT_lo', 'RSDAT_hi', 'RSORRES']]
    def none_within(targets, lo, hi, against, a_lo='RSDAT_lo', a_hi='RSDAT_hi'):
        """Rows of targets with no row of `against` (same subject) whose date may lie in [lo, hi]."""
        pairs = targets[['SUBJID', '_t', lo, hi]].merge(against[['SUBJID', a_lo, a_hi]], on='SUBJID')
        inside = pairs[(pairs[a_hi].isna() | (pairs[a_hi] >= pairs[lo])) & (pairs[a_lo].isna() | (pairs[a_lo] <= pairs[hi]))]
        return targets[~targets['_t'].isin(inside['_t'])]
    q = p['RESP-01']
    rc = cycles[(cycles['CYCLE'] >= q['firstCycle']) & (cycles['CYCLE'] <= q['lastCycle'])].join(facts[['cutoff']], on='SUBJID')
    rc = rc[rc['d1_hi'] + q['windowDays'] <= rc['cutoff']].reset_index(drop=True)
    rc['_t'] = rc.index
    rc['w_lo'] = rc['d1_lo'] - q['windowDays']
    rc['w_hi'] = rc['d1_hi'] + q['windowDays']
    miss = none_within(rc, 'w_lo', 'w_hi', rsd)
    found.append(pd.DataFrame({'check': 'RESP-01', 'subject': miss['SUBJID'], 'form': 'RS',
                               'key': miss['SUBJID'] + '|cycle ' + miss['CYCLE'].astype(int).astype(str), 'field': 'RSDAT'}))
    q = p['RESP-02']
    eot = facts[facts['EOTDAT_lo'].notna() & (facts['EOTDAT_hi'] + q['daysAfter'] <= facts['cutoff'])
                & ~(facts['DTHDAT_lo'] <= facts['EOTDAT_hi'] + q['daysAfter'])].reset_index()
    eot['_t'] = eot.index
    eot['w_lo'] = eot['EOTDAT_lo'] - q['daysBefore']
    eot['w_hi'] = eot['EOTDAT_hi'] + q['daysAfter']
    miss = none_within(eot, 'w_lo', 'w_hi', rsd)
    found.append(pd.DataFrame({'check': 'RESP-02', 'subject': miss['SUBJID'], 'form': 'RS',
                               'key': miss['SUBJID'] + '|end of treatment', 'field': 'RSDAT'}))
    q = p['RESP-03']
    treated = facts[facts['c1d1_lo'].notna() & (facts['c1d1_hi'] + q['daysAfterFirstDose'] <= facts['cutoff'])]
    later = rsd.join(facts[['c1d1_lo']], on='SUBJID')
    assessed = later[later['RSDAT_hi'].isna() | (later['RSDAT_hi'] > later['c1d1_lo'])]['SUBJID']
    miss = treated[~treated.index.isin(assessed)]
    found.append(pd.DataFrame({'check': 'RESP-03', 'subject': miss.index, 'form': 'RS',
                               'key': miss.index + '|after first dose', 'field': 'RSDAT'}))
    q = p['RESP-04']
    r4 = rs[rs['RSORRES'].isin(q['responses'])].join(facts[['cutoff']], on='SUBJID')
    r4 = r4[r4['RSDAT_hi'] + q['windowDays'] <= r4['cutoff']].copy()
    r4['_t'] = r4['_key']
    r4['w_lo'] = r4['RSDAT_lo'] - q['windowDays']
    r4['w_hi'] = r4['RSDAT_hi'] + q['windowDays']
    mprotein = lb[lb['LBTESTCD'].isin(q['tests']) & lb['LBORRES'].notna()]
    found.append(hits('RESP-04', none_within(r4, 'w_lo', 'w_hi', mprotein, 'LBDAT_lo', 'LBDAT_hi'), 'RS', 'RSORRES'))
    found.append(resp05(rs, lb, facts, p['RESP-05']))
    q = p['RESP-06']
    r6 = rs[rs['RSORRES'].isin(q['completeResponses'])].join(facts[['cutoff']], on='SUBJID')
    r6 = r6[r6['RSDAT_hi'] + q['windowDays'] <= r6['cutoff']].copy()
    r6['_t'] = r6['_key']
    r6['w_lo'] = r6['RSDAT_lo'] - q['windowDays']
    r6['w_hi'] = r6['RSDAT_hi'] + q['windowDays']
    negative = lb[(lb['LBTESTCD'] == q['sifeTest']) & (lb['LBORRES'] == q['negativeResult'])]
    found.append(hits('RESP-06', none_within(r6, 'w_lo', 'w_hi', negative, 'LBDAT_lo', 'LBDAT_hi'), 'RS', 'RSORRES'))
    r7 = rs.join(facts[['c1d1_lo']], on='SUBJID')
    found.append(hits('RESP-07', r7[before(r7['RSDAT_hi'], r7['c1d1_lo'])], 'RS', 'RSDAT'))

    # AE dates and consistency
    aef = ae.join(facts[['RFICDAT_lo', 'EOTDAT_lo', 'EOTDAT_hi', 'DTHDAT_lo', 'DTHDAT_hi', 'cutoff']], on='SUBJID')
    found.append(hits('AEDT-01', aef[before(aef['AEENDAT_hi'], aef['AESTDAT_lo'])], 'AE', 'AEENDAT'))
    found.append(hits('AEDT-02', aef[before(aef['AESTDAT_hi'], aef['RFICDAT_lo'])], 'AE', 'AESTDAT'))
    found.append(hits('AEDT-03', aef[aef['EOTDAT_lo'].notna() & (aef['AESTDAT_lo'] > aef['EOTDAT_hi'] + p['AEDT-03']['safetyWindowDays'])], 'AE', 'AESTDAT'))
    found.append(hits('AEDT-04', aef[(aef['AESTDAT_lo'] > aef['DTHDAT_hi']) | (aef['AEENDAT_lo'] > aef['DTHDAT_hi'])], 'AE', 'AESTDAT'))
    has_end = ~aef['AEENDAT_missing']
    found.append(hits('AEDT-05', aef[((aef['AEONGO'] == 'Y') & has_end) | ((aef['AEONGO'] != 'Y') & ~has_end)], 'AE', 'AEONGO'))
    fatal = aef['AEOUT'] == p['AEDT-06']['fatalOutcome']
    found.append(hits('AEDT-06', aef[fatal & (aef['DTHDAT_lo'].isna() | (aef['AEENDAT_lo'].notna()
                      & ((aef['AEENDAT_lo'] != aef['DTHDAT_lo']) | (aef['AEENDAT_hi'] != aef['DTHDAT_hi']))))], 'AE', 'AEOUT'))
    found.append(hits('AEDT-07', aef[(aef['AESTDAT_lo'] > aef['cutoff']) | (aef['AEENDAT_lo'] > aef['cutoff'])], 'AE', 'AESTDAT'))
    found.append(hits('AEDT-08', aef[aef['AESTDAT_lo'] < aef['AESTDAT_hi']], 'AE', 'AESTDAT'))
    term = ae['AEDECOD'].fillna(ae['AETERM'].map(lambda s: re.sub(r'\s+', '', str(s)).upper() if s is not None else None))
    a9 = ae.assign(_term=term, _end=ae['AEENDAT_hi'].fillna(aef['cutoff']))
    pairs = a9[['SUBJID', '_term', '_key', 'AESEQ', 'AESTDAT_lo', 'AESTDAT_hi', '_end']].merge(
        a9[['SUBJID', '_term', 'AESEQ', 'AESTDAT_lo', '_end']], on=['SUBJID', '_term'], suffixes=('', '_o'))
    overlap = pairs[(pairs['AESEQ'] > pairs['AESEQ_o']) & (pairs['AESTDAT_lo'] <= pairs['_end_o'])
                    & (pairs['AESTDAT_lo_o'] <= pairs['_end'])]
    found.append(hits('AEDT-09', ae[ae['_key'].isin(overlap['_key'])], 'AE', 'AETERM'))
    criteria = p['AECON-01']['seriousnessCriteria']
    any_y = (ae[criteria] == 'Y').any(axis=1)
    found.append(hits('AECON-01', ae[((ae['AESER'] == 'Y') & ~any_y) | ((ae['AESER'] == 'N') & any_y)], 'AE', 'AESER'))
    q = p['AECON-02']
    found.append(hits('AECON-02', ae[((ae['AETOXGR'] == q['fatalGrade']) & ae['AEOUT'].notna() & (ae['AEOUT'] != q['fatalOutcome']))
                                     | ((ae['AEOUT'] == q['fatalOutcome']) & (ae['AETOXGR'] < q['fatalGrade']))], 'AE', 'AETOXGR'))

    # Eligibility and safety
    dmf = dm.join(facts[['c1d1_hi']], on='SUBJID')
    found.append(hits('ELIG-01', dm[dm['AGE'] < p['ELIG-01']['minAge']], 'DM', 'AGE'))
    found.append(hits('ELIG-02', dm[dm['PRIORREG'] < p['ELIG-02']['minPriorRegimens']], 'DM', 'PRIORREG'))
    found.append(hits('ELIG-03', dm[(dm[p['ELIG-03']['requiredPriorTreatments']] == 'N').any(axis=1)], 'DM', 'PRIORLEN'))
    found.append(hits('ELIG-04', dmf[before(dmf['ENRLDAT_hi'], dmf['RFICDAT_lo']) | before(dmf['c1d1_hi'], dmf['RFICDAT_lo'])], 'DM', 'RFICDAT'))
    q = p['SAFE-01']
    pattern = '|'.join(re.escape(n) for n in q['antithrombotics'])
    anti = cm[cm['CMTRT'].fillna('').str.contains(pattern, case=False, regex=True)].join(facts[['c1d1_lo', 'c1d1_hi']], on='SUBJID')
    taken = anti[(anti['CMSTDAT_lo'].isna() | (anti['CMSTDAT_lo'] <= anti['c1d1_hi'] + q['startWithinDays']))
                 & ~before(anti['CMENDAT_hi'], anti['c1d1_lo'])]['SUBJID']
    untreated = facts[facts['c1d1_lo'].notna() & ~facts.index.isin(taken)]
    found.append(pd.DataFrame({'check': 'SAFE-01', 'subject': untreated.index, 'form': 'CM',
                               'key': untreated.index, 'field': 'CMTRT'}))

    # Data quality
    issues = data['_issues']
    for form, df in [('DM', dm), ('EX', ex), ('AE', ae), ('RS', rs), ('LB', lb), ('DS', ds), ('CM', cm)]:
        these = issues[issues['form'] == form]
        for check in ['DATA-01', 'DATA-05', 'DATA-07', 'RESP-08']:
            rows = these[these['check'] == check]
            found.append(pd.DataFrame({'check': check, 'subject': df.loc[rows['row'], 'SUBJID'].values, 'form': form,
                                       'key': df.loc[rows['row'], '_key'].values, 'field': rows['field'].values}))
        spec = next(f for f in definition['forms'] if f['code'] == form)
        for col in spec['columns']:
            if col.get('required'):
                empty = df[col['name'] + '_missing']
                found.append(hits('DATA-02', df[empty], form, col['name']))
        for group in spec.get('requiredOneOf', []):
            empty = np.logical_and.reduce([df[c + '_missing'] for c in group])
            found.append(hits('DATA-02', df[empty], form, group[0]))
        if form != 'DM':
            found.append(hits('DATA-03', df[~df['SUBJID'].isin(dm['SUBJID']) & (df['SUBJID'] != '')], form, 'SUBJID'))
        found.append(hits('DATA-04', df[df['_occurrence'] > 1], form, spec['key'][-1]))
    for period in p['DATA-06']['periods']:
        form, start, end = period.split('.')
        df = data.get(form, pd.DataFrame())
        found.append(hits('DATA-06', df[before(df[end + '_hi'], df[start + '_lo'])], form, end))
    return pd.concat(found, ignore_index=True)


def resp05(rs, lb, facts, q):
    """IMWG on serum M-protein: each assessment on or after C1D1 against the closest SPEP within the
    window, the baseline (the last SPEP on or before C1D1, no older than baselineMaxAgeDays) and the
    nadir (the lowest SPEP from the baseline to before the current one)."""
    spep = lb[(lb['LBTESTCD'] == q['spepTest']) & (lb['LBDAT_lo'] == lb['LBDAT_hi'])]
    spep = spep[pd.to_numeric(spep['LBORRES'], errors='coerce').notna()][['SUBJID', 'LBDAT_lo', 'LBORRES']]
    spep = spep.assign(value=spep['LBORRES'].astype(float), day=spep['LBDAT_lo'])
    base = spep.join(facts[['c1d1_lo', 'c1d1_hi']], on='SUBJID')
    base = base[(base['day'] <= base['c1d1_lo']) & (base['day'] >= base['c1d1_hi'] - q['baselineMaxAgeDays'])]
    base = base.sort_values('day').groupby('SUBJID').tail(1).set_index('SUBJID')[['value', 'day']]
    base.columns = ['base', 'base_day']
    a = rs[rs['RSORRES'].notna() & (rs['RSDAT_lo'] == rs['RSDAT_hi'])].join(facts[['c1d1_hi']], on='SUBJID')
    a = a[a['RSDAT_lo'] >= a['c1d1_hi']].join(base, on='SUBJID', how='inner')
    a = a[a['base'] >= q['measurableBaseline']]
    pairs = a[['SUBJID', '_key', 'RSORRES', 'RSDAT_lo', 'base', 'base_day']].merge(spep[['SUBJID', 'day', 'value']], on='SUBJID')
    window = pairs[(pairs['day'] >= pairs['base_day']) & ((pairs['day'] - pairs['RSDAT_lo']).abs() <= q['windowDays'])]
    window = window.assign(distance=(window['day'] - window['RSDAT_lo']).abs())
    current = window.sort_values(['_key', 'distance', 'day']).groupby('_key').head(1)
    since = pairs[(pairs['day'] >= pairs['base_day'])][['_key', 'day', 'value']]
    nadir = current[['_key', 'day']].merge(since, on='_key', suffixes=('', '_n'))
    nadir = nadir[nadir['day_n'] < nadir['day']].groupby('_key')['value'].min()
    j = current.set_index('_key').assign(nadir=nadir)
    reduction = ((j['base'] - j['value']) / j['base']).round(9)
    progression = ((j['value'] - j['nadir']).round(9) >= q['pdAbsoluteIncrease']) & \
        (j['value'].round(9) >= (q['pdRelativeIncrease'] * j['nadir']).round(9))
    r = j['RSORRES']
    wrong = (progression & (r != q['progression'])) | ((r == q['progression']) & ~progression) | \
        (r.isin(q['vgprOrBetter']) & (reduction < q['vgprReduction'])) | \
        ((r == q['partial']) & (reduction < q['prReduction'])) | ((r == q['minimal']) & (reduction < q['mrReduction']))
    bad = j[wrong]
    return pd.DataFrame({'check': 'RESP-05', 'subject': bad['SUBJID'].values, 'form': 'RS', 'key': bad.index, 'field': 'RSORRES'})


def main():
    definition_file, delivery = sys.argv[1], sys.argv[2]
    with open(definition_file, encoding='utf-8') as f:
        definition = json.load(f)
    forms = [f['code'] for f in definition['forms']]
    t0 = time.perf_counter()
    tables = load_delivery(delivery, forms)
    t1 = time.perf_counter()
    data = standardise(tables, definition)
    t2 = time.perf_counter()
    found = run_checks(data, definition).drop_duplicates()
    t3 = time.perf_counter()
    per_check = found.groupby('check').size().to_dict()
    result = {
        'seconds': {'read': t1 - t0, 'standardise': t2 - t1, 'checks': t3 - t2, 'total': t3 - t0},
        'rows': int(sum(len(df) for df in tables.values())),
        'hits': int(len(found)),
        'perCheck': {k: int(v) for k, v in sorted(per_check.items())},
    }
    if len(sys.argv) > 3:
        with open(sys.argv[3], encoding='utf-8') as f:
            key = json.load(f)
        seen = set(zip(found['check'], found['subject']))
        planted = {}
        for e in key:
            planted.setdefault(e['check'], []).append((e['check'], e['subject']) in seen)
        result['recall'] = {c: round(sum(v) / len(v), 3) for c, v in sorted(planted.items())}
    print(json.dumps(result))


if __name__ == '__main__':
    main()
