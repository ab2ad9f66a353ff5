#!/usr/bin/env python3
"""How the trending constants (src/domain/trending.ts) were chosen.

Reads the recorded Daily Papers days (../shared/data/hf-daily-papers/daily_papers.jsonl.gz),
builds each day's trending list at noon UTC over the 7 days before with the formula
score = (upvotes + c*comments) / (ageHours + 2)^G, and compares it with the day's plain
top 10 for several G. Prints one line per G. Analysis only: nothing of the project runs it.
"""
import collections, datetime as dt, gzip, json, os, statistics as st, sys

DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '../../shared/data/hf-daily-papers/daily_papers.jsonl.gz')
C, OFFSET, WINDOW_DAYS = 0.5, 2, 7

def instant(s): return dt.datetime.fromisoformat(s.replace('Z', '+00:00'))

listings = []  # (day, listed instant, upvotes, comments, id)
for line in gzip.open(DATA, 'rt'):
    d = json.loads(line)
    for it in d['response']:
        sod = it['paper'].get('submittedOnDailyAt')
        # domain/trending.ts listedInstant: the recorded instant when on the listing's day, else its start
        at = instant(sod) if sod and sod[:10] == d['date'] else instant(d['date'] + 'T00:00:00Z')
        listings.append((d['date'], at, it['paper']['upvotes'], it.get('numComments', 0), it['paper']['id']))
days = sorted({l[0] for l in listings})

def trending(clock, g):
    cand = [l for l in listings if clock - dt.timedelta(days=WINDOW_DAYS) < l[1] < clock]
    return sorted(cand, key=lambda l: -(l[2] + C * l[3]) / (((clock - l[1]).total_seconds() / 3600 + OFFSET) ** g))

for g in [1.0, 1.2, 1.5, 1.8]:
    share, overlap, y1_in, y1_rank, churn = collections.Counter(), [], [], [], []
    for i in range(10, len(days)):
        day, yday = days[i], days[i - 1]
        clock = instant(day + 'T12:00:00Z')
        ids = [l[4] for l in trending(clock, g)]
        top = ids[:10]
        day_top = [l[4] for l in sorted((l for l in listings if l[0] == day), key=lambda l: -l[2])[:10]]
        overlap.append(len(set(top) & set(day_top)) / 10)
        for l in listings:
            if l[4] in top: share['today' if l[0] == day else 'yesterday' if l[0] == yday else 'older'] += 1
        y1 = max((l for l in listings if l[0] == yday), key=lambda l: l[2])[4]
        r = ids.index(y1) + 1
        y1_rank.append(r); y1_in.append(r <= 10)
        before = trending(instant(yday + 'T12:00:00Z'), g)[:10]
        churn.append(1 - len(set(top) & {l[4] for l in before}) / 10)
    total = sum(share.values())
    print(f"G={g}: top 10 today/yesterday/older {share['today']/total:.2f}/{share['yesterday']/total:.2f}/{share['older']/total:.2f}; "
          f"same as the day's top 10 {st.mean(overlap):.2f}; yesterday's #1 in top 10 {st.mean(y1_in):.2f}, median rank {st.median(y1_rank)}; "
          f"top 10 changed {st.mean(churn):.2f}")
