#!/usr/bin/env python3
"""Write a synthetic handbook of N maps, valid under the format, deterministic for a seed.

    python benchmarks/generate.py OUT_DIR --maps 200 [--seed 1]

N/10 personas, 3N/10 touchpoints, 6 stages per map with every lane filled,
one cem per 10 cjms (each cjm zooms into a stage of its cem).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

CHANNELS = ["web", "email", "chat", "phone", "social", "in-person", "app", "reviews"]
WORDS = [
    "account",
    "invoice",
    "payment",
    "card",
    "support",
    "onboarding",
    "verify",
    "transfer",
    "statement",
    "balance",
    "refund",
    "dispute",
    "limit",
    "fee",
    "notification",
    "approval",
    "document",
    "review",
    "upgrade",
    "cancel",
    "renew",
    "export",
    "feed",
    "login",
]


def sentence(rng: random.Random, n: int = 7) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def stage(rng: random.Random, i: int, touchpoints: list[str], cem_personas: list[str] | None) -> dict:
    emotion: object = rng.randint(-2, 2)
    if cem_personas:
        emotion = {p: rng.randint(-2, 2) for p in cem_personas}
    return {
        "name": f"Stage {i + 1} {sentence(rng, 2)}",
        "id": f"s{i + 1}",
        "goal": sentence(rng),
        "actions": [sentence(rng) for _ in range(2)],
        "thoughts": [sentence(rng) + "?"],
        "expectations": [sentence(rng)],
        "touchpoints": rng.sample(touchpoints, 2),
        "emotion": emotion,
        "pain_points": [{"title": sentence(rng), "severity": rng.randint(1, 5)}],
        "opportunities": [
            {
                "title": sentence(rng),
                "impact": rng.randint(1, 5),
                "effort": rng.randint(1, 5),
                "owner": "Team " + rng.choice("ABCDEF"),
            }
        ],
        "quotes": [{"text": sentence(rng, 10), "source": f"Interview {rng.randint(1, 40)}"}],
        "moment_of_truth": i == 3,
        "metrics": {"csat": round(rng.uniform(2, 5), 1), "drop_off": f"{rng.randint(1, 40)}%"},
        "owner": "Team " + rng.choice("ABCDEF"),
        "backstage": [sentence(rng, 3)],
        "support": [sentence(rng, 3)],
    }


def write(path: Path, data: dict, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n\n" + body + "\n", encoding="utf-8"
    )


def generate(out: Path, maps: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    personas = [f"persona-{i + 1}" for i in range(max(1, maps // 10))]
    touchpoints = [f"touchpoint-{i + 1}" for i in range(max(2, 3 * maps // 10))]
    for pid in personas:
        write(
            out / "personas" / f"{pid}.md",
            {
                "type": "persona",
                "name": sentence(rng, 2),
                "role": sentence(rng, 3),
                "goals": [sentence(rng)],
                "frustrations": [sentence(rng)],
                "channels": rng.sample(CHANNELS, 2),
                "evidence": [{"type": "interviews", "note": sentence(rng, 4)}],
            },
            sentence(rng, 40),
        )
    for tid in touchpoints:
        write(
            out / "touchpoints" / f"{tid}.md",
            {
                "type": "touchpoint",
                "name": sentence(rng, 3),
                "channel": rng.choice(CHANNELS),
                "owner": "Team " + rng.choice("ABCDEF"),
                "weight": rng.choice(["low", "medium", "high"]),
            },
            sentence(rng, 30),
        )
    n_cem = max(1, maps // 11)
    for c in range(n_cem):
        cem_personas = rng.sample(personas, min(3, len(personas)))
        write(
            out / "maps" / f"cem-{c + 1}.md",
            {
                "type": "cem",
                "title": f"Lifecycle {c + 1}",
                "personas": cem_personas,
                "reviewed": "2026-10-01",
                "evidence": [{"type": "survey", "note": "NPS survey"}],
                "stages": [stage(rng, i, touchpoints, cem_personas) for i in range(6)],
            },
            sentence(rng, 80),
        )
    for m in range(maps - n_cem):
        write(
            out / "maps" / f"cjm-{m + 1}.md",
            {
                "type": "cjm",
                "title": f"Journey {m + 1} {sentence(rng, 2)}",
                "persona": rng.choice(personas),
                "reviewed": "2026-09-01",
                "zooms_into": f"cem-{m % n_cem + 1}#s{rng.randint(1, 6)}",
                "evidence": [{"type": "analytics", "note": "Funnel"}],
                "stages": [stage(rng, i, touchpoints, None) for i in range(6)],
            },
            sentence(rng, 80),
        )
    (out / "index.md").write_text("# Generated handbook\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--maps", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.maps, args.seed)


if __name__ == "__main__":
    main()
