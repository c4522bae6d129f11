#!/usr/bin/env python3
"""Generate the synthetic product catalog used by the shopping assistant.

The catalog is JSON Lines (UTF-8), one product per line, with keys in this order:
id, name, brand, category, price, rating, review_count, specs, reviews.
There are eight categories (laptops, smartphones, headphones, monitors, tvs,
tablets, cameras, smartwatches), each with 4-7 real brand names, fictional but
plausible model names, specs that fit the brand and drive the price, and 3-5
short template-built reviews whose ratings sit around the product rating.

Everything comes from one ``random.Random(20261125)``, so the output is
byte-identical on every run with the same arguments.  Only the standard
library is used.

Uniqueness guarantees:
  * ids and names are unique across the whole catalog, always;
  * (rating, review_count) never repeats within a category, always;
  * with up to STRICT_MAX_PER_CATEGORY (100) products per category, the default
    60 included, prices and review counts are also unique across the whole
    catalog, so "cheapest", "most expensive" and "most reviewed" never tie;
  * above that (benchmark sizes) prices are kept unique within a category on a
    best-effort basis (nudged cent by cent), and a tie is accepted only if no
    free price is found nearby.

Specs (always present, same key order within a category):
  laptops       ram_gb, storage_gb, screen_inches (float), battery_hours, weight_kg, os
  smartphones   storage_gb, ram_gb, screen_inches (float), battery_mah, camera_mp, os
  headphones    type, wireless, noise_cancelling, battery_hours (0 when wired)
  monitors      screen_inches (int), resolution, refresh_hz, panel
  tvs           screen_inches (int), resolution, panel, refresh_hz
  tablets       screen_inches (float), storage_gb, ram_gb, battery_hours, os
  cameras       type, megapixels, video, weight_g
  smartwatches  battery_days (int, or float when fractional), gps, screen_inches (float),
                water_resistance_m, os

Usage:
    python scripts/generate_catalog.py [--count-per-category N] [--output PATH]

Defaults: 60 products per category written to webapp/assistant/data/catalog.jsonl.
Large N (e.g. 12500 per category = 100k products) is supported for benchmarks;
names then get a configuration/colour suffix or an "Edition N" suffix to stay unique.
"""
import argparse
import bisect
import gc
import itertools
import json
import math
import random
import sys
import time
from pathlib import Path

SEED = 20261125
DEFAULT_COUNT = 60
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO_ROOT / "webapp" / "assistant" / "data" / "catalog.jsonl"
STRICT_MAX_PER_CATEGORY = 100
MIN_REVIEW_COUNT, MAX_REVIEW_COUNT = 5, 25000
SMALL_SAMPLE = 40  # products with fewer reviews than this may have extreme ratings

TIER_PRICE_SHIFT = {"budget": -0.05, "mid": 0.0, "premium": 0.05}
TIER_RATING = {"budget": 3.8, "mid": 4.0, "premium": 4.2}
PRICE_ENDING_VALUES = (0.99, 0.0, 0.95, 0.49)  # cents of a retail price, with how often each is used
PRICE_ENDING_CUM_WEIGHTS = tuple(itertools.accumulate((80, 10, 5, 5)))


# --------------------------------------------------------------------------- helpers


def clamp(value, low, high):
    """Limit value to the closed range [low, high]."""
    return low if value < low else high if value > high else value


def noise(rng, sd):
    """Cheap bell-shaped noise with mean 0 and standard deviation sd (a sum of three uniforms)."""
    return (rng.random() + rng.random() + rng.random() - 1.5) * 2 * sd


def one_of(rng, seq):
    """A uniformly random element of a non-empty sequence (a faster rng.choice)."""
    return seq[int(rng.random() * len(seq))]


def between(rng, low, high):
    """A random integer in [low, high] (a faster rng.randint)."""
    return low + int(rng.random() * (high - low + 1))


def weighted(rng, items, cum_weights):
    """An element of items drawn with the given cumulative weights."""
    return items[bisect.bisect(cum_weights, rng.random() * cum_weights[-1])]


def soft_clamp(x, margin=0.03):
    """Squash x into (0, 1) smoothly near the ends, so values past an edge don't pile up on it."""
    if x < margin:
        return margin * math.exp((x - margin) / margin)
    if x > 1 - margin:
        return 1 - margin * math.exp((1 - margin - x) / margin)
    return x


def pick(rng, options, q, spread=0.22):
    """Pick from options sorted cheap-to-dear, leaning toward dearer ones as quality q grows."""
    if len(options) == 1:
        return options[0]
    i = round((q + noise(rng, spread)) * (len(options) - 1))
    return options[clamp(i, 0, len(options) - 1)]


def frac(value, options):
    """Position of value in options as a fraction 0..1."""
    return options.index(value) / (len(options) - 1) if len(options) > 1 else 0.0


def size_entry(entry):
    """A (value, label) pair from a size entry that is either a number or such a pair."""
    return entry if isinstance(entry, tuple) else (entry, str(int(entry)))


def pick_size(rng, sizes, q=None):
    """A (value, label) size from a line; biased by quality when q is given, uniform otherwise."""
    return pick(rng, sizes, q, 0.35) if q is not None else one_of(rng, sizes)


def storage_label(gb):
    """'512GB' or '1TB'/'2TB' for a size in GB."""
    return f"{gb // 1024}TB" if gb >= 1024 else f"{gb}GB"


def line(template, level, **opts):
    """One product line of a brand: a name template, a quality level 0..1 and spec options."""
    if "sizes" in opts:
        opts["sizes"] = tuple(size_entry(s) for s in opts["sizes"])
    return {"template": template, "level": level, **opts}


def brand(name, tier, popularity, lines, **opts):
    """One brand of a category: name, price tier, popularity (review volume) and its lines."""
    return {"name": name, "tier": tier, "popularity": popularity, "lines": lines, **opts}


# --------------------------------------------------------------------------- laptops

LAPTOP_RAM = (8, 16, 32, 64)
LAPTOP_STORAGE = (256, 512, 1024, 2048)
LAPTOP_SCREENS = (13.3, 14.0, 15.6, 16.0, 17.3)
LAPTOP_BATTERY = {"mac": 20, "ultrabook": 13, "business": 12, "chromebook": 11, "mainstream": 9, "gaming": 6}
LAPTOP_WEIGHT = {"mac": -0.05, "ultrabook": -0.15, "business": -0.05, "chromebook": 0.05, "mainstream": 0.1,
                 "gaming": 0.55}
LAPTOP_KIND_SCORE = {"chromebook": 0.0, "mainstream": 0.3, "business": 0.55, "ultrabook": 0.7, "mac": 0.8,
                     "gaming": 0.85}


def laptop_specs(rng, brand_, ln, q):
    """Laptop specs: memory and storage follow quality, battery and weight follow screen and kind."""
    screen, label = pick_size(rng, ln["sizes"])
    kind = ln.get("kind", "mainstream")
    battery = LAPTOP_BATTERY[kind] - round((screen - 14) * 0.8) + between(rng, -2, 2)
    weight = 1.15 + (screen - 13.3) * 0.3 + ln.get("extra_kg", LAPTOP_WEIGHT[kind]) + noise(rng, 0.07)
    return {
        "ram_gb": pick(rng, ln.get("ram", LAPTOP_RAM), q),
        "storage_gb": pick(rng, ln.get("storage", LAPTOP_STORAGE), q),
        "screen_inches": float(screen),
        "battery_hours": max(4, battery),
        "weight_kg": round(clamp(weight, 0.9, 3.4), 2),
        "os": ln.get("os", brand_.get("os", "Windows")),
    }, label


def laptop_score(specs, ln):
    """How expensive a laptop's specs are, 0..1."""
    return (0.4 * frac(specs["ram_gb"], LAPTOP_RAM) + 0.3 * frac(specs["storage_gb"], LAPTOP_STORAGE)
            + 0.15 * frac(specs["screen_inches"], LAPTOP_SCREENS)
            + 0.15 * LAPTOP_KIND_SCORE[ln.get("kind", "mainstream")])


def laptop_tags(specs):
    """Name suffixes that tell laptop configurations apart."""
    config = f"{specs['ram_gb']}GB/{storage_label(specs['storage_gb'])}"
    return [config] + [f"{config} {c}" for c in ("Silver", "Graphite", "Midnight Blue", "Platinum")]


def laptop_reviews(s, ln):
    """(positive, negative) review sentences specific to this laptop."""
    pos, neg = [], []
    if s["battery_hours"] >= 14:
        pos += ["Battery easily lasts a full workday.", "I only charge it every other day with light use."]
    elif s["battery_hours"] <= 7:
        neg += ["Battery barely lasts {battery_hours} hours away from the charger.",
                "Battery life is poor, so the charger lives in my bag."]
    if s["ram_gb"] >= 32:
        pos.append("{ram_gb}GB of RAM runs VMs and a dozen apps without slowing down.")
    elif s["ram_gb"] == 8:
        neg.append("8GB of RAM struggles once you open a lot of browser tabs.")
    if s["storage_gb"] >= 1024:
        pos.append("Plenty of room for projects on the {storage} SSD.")
    elif s["storage_gb"] == 256:
        neg.append("The 256GB drive fills up fast.")
    if s["weight_kg"] < 1.4:
        pos.append("At {weight_kg} kg it's easy to carry around campus all day.")
    elif s["weight_kg"] > 2.3:
        neg.append("At {weight_kg} kg it's too heavy to lug around every day.")
    if s["screen_inches"] >= 16:
        pos.append("The {screen_inches}-inch screen fits two documents side by side.")
    elif s["screen_inches"] <= 14:
        pos.append("The compact {screen_inches}-inch size slips into any bag.")
    if s["os"] == "macOS":
        pos.append("macOS and the trackpad are a joy to use.")
        neg.append("Wish it had more ports; I live on dongles now.")
    elif s["os"] == "ChromeOS":
        pos.append("ChromeOS is simple and perfect for web-based schoolwork.")
        neg.append("ChromeOS can't run some of the desktop apps I need.")
    else:
        neg.append("Windows updates always seem to start at the worst moment.")
    if ln.get("kind") == "gaming":
        pos.append("Runs new games at high settings without breaking a sweat.")
        neg.append("Fans sound like a jet engine during gaming sessions.")
    elif ln.get("kind") == "business":
        pos.append("Great keyboard and all the ports I need for the office.")
    return pos, neg


LAPTOPS = [
    brand("Dell", "mid", 1.0, [
        line("Inspiron {s} {n}", 0.3, sizes=(14.0, 15.6, 16.0), ram=(8, 16, 32), storage=(256, 512, 1024),
             n=("3530", "3535", "5440", "5640", "3545")),
        line("Inspiron {s} Plus {n}", 0.45, sizes=(14.0, 16.0), ram=(16, 32), storage=(512, 1024),
             n=("7440", "7640", "7450", "7650")),
        line("Latitude {n}", 0.55, sizes=(13.3, 14.0, 15.6), kind="business", ram=(16, 32),
             storage=(256, 512, 1024), n=("5450", "7450", "7350", "9450", "5550")),
        line("XPS {s} {n}", 0.8, sizes=(13.3, 14.0, 16.0), kind="ultrabook", ram=(16, 32, 64),
             storage=(512, 1024, 2048), n=("9350", "9440", "9640", "9450", "9650")),
        line("Alienware m{s} R{g}", 0.9, sizes=(16.0, 17.3), kind="gaming", ram=(16, 32, 64),
             storage=(1024, 2048), g=(2, 3, 4)),
        line("Chromebook {n}", 0.08, sizes=(14.0,), kind="chromebook", os="ChromeOS", ram=(8,), storage=(256,),
             n=("3120", "3140", "3445")),
    ]),
    brand("HP", "mid", 1.0, [
        line("Pavilion {s}-{n}", 0.3, sizes=(14.0, 15.6), ram=(8, 16), storage=(256, 512),
             n=("eh1010nr", "eh1025nr", "dv2015nr", "ec2040nr")),
        line("Envy x360 {s}-{n}", 0.55, sizes=(14.0, 15.6, 16.0), ram=(16, 32), storage=(512, 1024),
             n=("fc0013dx", "fa0047nr", "fh0026nr")),
        line("Spectre x360 {s}-{n}", 0.85, sizes=(14.0, 16.0), kind="ultrabook", ram=(16, 32),
             storage=(512, 1024, 2048), n=("eu0050dx", "eu1011nr", "ef2015nr")),
        line("Omen {s}-{n}", 0.75, sizes=(16.0, 17.3), kind="gaming", ram=(16, 32), storage=(512, 1024, 2048),
             n=("wf1025nr", "xf0033dx", "db0010nr")),
        line("EliteBook {n} G{g}", 0.6, sizes=(14.0, 16.0), kind="business", ram=(16, 32),
             storage=(256, 512, 1024), n=("840", "860", "1040"), g=(10, 11, 12)),
        line("Chromebook Plus {s}a", 0.12, sizes=(14.0, 15.6), kind="chromebook", os="ChromeOS", ram=(8,),
             storage=(256,)),
    ]),
    brand("Lenovo", "mid", 0.9, [
        line("IdeaPad Slim {n} {s}IRU{g}", 0.3, sizes=(14.0, 15.6, 16.0), ram=(8, 16), storage=(256, 512, 1024),
             n=(3, 5), g=(8, 9)),
        line("ThinkPad X1 Carbon Gen {g}", 0.88, sizes=(14.0,), kind="business", ram=(16, 32, 64),
             storage=(512, 1024, 2048), g=(11, 12, 13)),
        line("ThinkPad T{s}s Gen {g}", 0.62, sizes=(14.0, 16.0), kind="business", ram=(16, 32),
             storage=(512, 1024), g=(4, 5, 6)),
        line("ThinkPad E{s} Gen {g}", 0.4, sizes=(14.0, 16.0), kind="business", ram=(8, 16, 32),
             storage=(256, 512), g=(5, 6)),
        line("Legion Pro {n}i Gen {g}", 0.85, sizes=(16.0,), kind="gaming", ram=(16, 32, 64),
             storage=(1024, 2048), n=(5, 7), g=(9, 10)),
        line("Yoga Slim {n}i {s}", 0.6, sizes=(14.0, 15.6), kind="ultrabook", ram=(16, 32),
             storage=(512, 1024), n=(6, 7)),
        line("IdeaPad Flex {n} Chromebook", 0.12, sizes=(14.0,), kind="chromebook", os="ChromeOS", ram=(8,),
             storage=(256,), n=(3, 5)),
    ]),
    brand("Apple", "premium", 1.5, [
        line("MacBook Air {s} (M{g})", 0.62, sizes=(13.3, 15.6), kind="mac", ram=(16, 32),
             storage=(256, 512, 1024, 2048), g=(4, 5)),
        line("MacBook Pro {s} (M{g})", 0.75, sizes=(14.0,), kind="mac", ram=(16, 32), storage=(512, 1024), g=(4, 5)),
        line("MacBook Pro {s} (M{g} Pro)", 0.88, sizes=(14.0, 16.0), kind="mac", ram=(16, 32, 64),
             storage=(512, 1024, 2048), g=(4, 5)),
        line("MacBook Pro {s} (M{g} Max)", 0.97, sizes=(14.0, 16.0), kind="mac", ram=(32, 64), storage=(1024, 2048),
             g=(4, 5)),
    ], os="macOS"),
    brand("Asus", "mid", 0.8, [
        line("Vivobook {s} {n}", 0.25, sizes=(14.0, 15.6, 16.0), ram=(8, 16), storage=(256, 512),
             n=("X1404VA", "X1504VA", "M1605YA")),
        line("Vivobook S {s} OLED {n}", 0.45, sizes=(14.0, 16.0), ram=(16, 32), storage=(512, 1024),
             n=("S5406MA", "S5606MA", "M5406KA")),
        line("Zenbook {s} OLED {n}", 0.65, sizes=(14.0,), kind="ultrabook", ram=(16, 32), storage=(512, 1024),
             n=("UX3405MA", "UM3406HA", "UX3404VA")),
        line("ROG Zephyrus G{s} {n}", 0.9, sizes=(14.0, 16.0), kind="gaming", ram=(16, 32, 64),
             storage=(1024, 2048), n=("GA403UV", "GU605MI", "GA403WR")),
        line("TUF Gaming A{s} {n}", 0.5, sizes=(15.6, 16.0, 17.3), kind="gaming", ram=(16, 32),
             storage=(512, 1024), n=("FA507NV", "FA607PI", "FA707XV")),
        line("Chromebook Plus CX{n}", 0.14, sizes=(14.0,), kind="chromebook", os="ChromeOS", ram=(8,),
             storage=(256,), n=("34", "54")),
    ]),
    brand("Acer", "budget", 0.7, [
        line("Aspire {g} A{g}{s}-{n}", 0.2, sizes=(14.0, 15.6, 17.3), ram=(8, 16), storage=(256, 512),
             g=(3, 5, 7), n=("41", "54", "56M")),
        line("Swift Go {s} SFG{s}-{n}", 0.45, sizes=(14.0, 16.0), kind="ultrabook", ram=(16, 32),
             storage=(512, 1024), n=("72", "73", "41")),
        line("Nitro V {s} ANV{s}-{n}", 0.42, sizes=(15.6,), kind="gaming", ram=(8, 16, 32), storage=(512, 1024),
             n=("51", "41", "52")),
        line("Predator Helios Neo {s} PHN{s}-{n}", 0.72, sizes=(16.0,), kind="gaming", ram=(16, 32),
             storage=(1024, 2048), n=("72", "71")),
        line("Predator Helios {s} PH{s}-{n}", 0.9, sizes=(16.0, 17.3), kind="gaming", ram=(32, 64),
             storage=(1024, 2048), n=("72", "73")),
        line("Chromebook Plus {n}", 0.08, sizes=(14.0, 15.6), kind="chromebook", os="ChromeOS", ram=(8,),
             storage=(256,), n=("514", "515")),
    ]),
    brand("Microsoft", "premium", 0.8, [
        line("Surface Laptop {g} {s}", 0.7, sizes=(13.3, 15.6), kind="ultrabook", ram=(16, 32, 64),
             storage=(256, 512, 1024), g=(7, 8)),
        line("Surface Laptop Go {g}", 0.35, sizes=(13.3,), kind="ultrabook", ram=(8, 16), storage=(256,), g=(3, 4)),
        line("Surface Laptop Studio {g}", 0.92, sizes=(14.0,), kind="ultrabook", extra_kg=0.55, ram=(16, 32, 64),
             storage=(512, 1024, 2048), g=(2, 3)),
    ]),
]


# --------------------------------------------------------------------------- smartphones

PHONE_STORAGE = (64, 128, 256, 512, 1024)
PHONE_RAM = (4, 6, 8, 12, 16)
PHONE_CAMERA = (12, 48, 50, 64, 108, 200)


def phone_specs(rng, brand_, ln, q):
    """Smartphone specs: storage, memory and camera follow quality; battery is drawn from the line's range."""
    low, high = ln["battery"]
    return {
        "storage_gb": pick(rng, ln["storage"], q),
        "ram_gb": pick(rng, ln["ram"], q),
        "screen_inches": float(pick_size(rng, ln["sizes"])[0]),
        "battery_mah": round(between(rng, low, high), -1),
        "camera_mp": pick(rng, ln["cam"], q),
        "os": brand_.get("os", "Android"),
    }, ""


def phone_score(specs, ln):
    """How expensive a phone's specs are, 0..1."""
    return (0.5 * frac(specs["storage_gb"], PHONE_STORAGE) + 0.2 * frac(specs["ram_gb"], PHONE_RAM)
            + 0.1 * frac(specs["camera_mp"], PHONE_CAMERA) + 0.2 * (specs["screen_inches"] - 6.1) / 0.8)


def phone_tags(specs):
    """Name suffixes that tell phone configurations apart."""
    config = storage_label(specs["storage_gb"])
    return [config] + [f"{config} {c}" for c in ("Black", "Silver", "Blue", "Green", "Titanium")]


def phone_reviews(s, ln):
    """(positive, negative) review sentences specific to this phone."""
    pos, neg = [], []
    if s["battery_mah"] >= 5000:
        pos.append("The {battery_mah} mAh battery gets me through two days.")
    elif s["battery_mah"] < 4000:
        neg.append("Battery needs a top-up by late afternoon.")
    if s["camera_mp"] >= 108:
        pos.append("The {camera_mp}MP main camera captures an incredible amount of detail.")
    if s["storage_gb"] <= 128:
        neg.append("{storage} isn't much once you start shooting 4K video.")
    elif s["storage_gb"] >= 512:
        pos.append("With {storage} of storage I never worry about space.")
    if s["os"] == "iOS":
        pos += ["iOS is smooth and updates arrive on day one.", "Moving over from my old iPhone took minutes."]
        neg.append("iOS customization is still pretty limited.")
    else:
        pos.append("Android lets me set it up exactly the way I want.")
        neg.append("I wish the update support lasted longer.")
    if s["screen_inches"] >= 6.7:
        pos.append("The big {screen_inches}-inch display is great for videos.")
        neg.append("It's a bit too big for one-handed use.")
    elif s["screen_inches"] <= 6.2:
        pos.append("Fits comfortably in one hand and in any pocket.")
    return pos, neg


SMARTPHONES = [
    brand("Apple", "premium", 1.5, [
        line("iPhone {g}e", 0.35, sizes=(6.1,), storage=(128, 256), ram=(8,), cam=(48,), battery=(3900, 4100),
             g=(16, 17)),
        line("iPhone {g}", 0.6, sizes=(6.1,), storage=(128, 256, 512), ram=(8,), cam=(48,), battery=(3500, 3700),
             g=(16, 17)),
        line("iPhone {g} Plus", 0.68, sizes=(6.7,), storage=(128, 256, 512), ram=(8,), cam=(48,),
             battery=(4400, 4700), g=(16, 17)),
        line("iPhone {g} Pro", 0.86, sizes=(6.3,), storage=(128, 256, 512, 1024), ram=(8, 12), cam=(48,),
             battery=(3500, 3900), g=(16, 17)),
        line("iPhone {g} Pro Max", 0.96, sizes=(6.9,), storage=(256, 512, 1024), ram=(8, 12), cam=(48,),
             battery=(4600, 5000), g=(16, 17)),
    ], os="iOS"),
    brand("Samsung", "premium", 1.3, [
        line("Galaxy A{n} 5G", 0.15, sizes=(6.5, 6.6, 6.7), storage=(64, 128, 256), ram=(4, 6, 8), cam=(48, 50),
             battery=(5000, 5000), n=(16, 26, 36, 56)),
        line("Galaxy S{g} FE", 0.45, sizes=(6.7,), storage=(128, 256), ram=(8,), cam=(50,), battery=(4500, 4900),
             g=(24, 25)),
        line("Galaxy S{g}", 0.65, sizes=(6.2,), storage=(128, 256, 512), ram=(12,), cam=(50,),
             battery=(3900, 4200), g=(25, 26)),
        line("Galaxy S{g}+", 0.78, sizes=(6.7,), storage=(256, 512), ram=(12,), cam=(50,), battery=(4800, 5000),
             g=(25, 26)),
        line("Galaxy S{g} Ultra", 0.95, sizes=(6.9,), storage=(256, 512, 1024), ram=(12, 16), cam=(200,),
             battery=(5000, 5000), g=(25, 26)),
        line("Galaxy Z Flip{g}", 0.85, sizes=(6.7,), storage=(256, 512), ram=(12,), cam=(50,),
             battery=(3700, 4000), g=(6, 7)),
    ]),
    brand("Google", "mid", 0.9, [
        line("Pixel {g}a", 0.35, sizes=(6.1,), storage=(128, 256), ram=(8,), cam=(48,), battery=(4400, 5100),
             g=(9, 10)),
        line("Pixel {g}", 0.6, sizes=(6.2, 6.3), storage=(128, 256), ram=(12,), cam=(50,), battery=(4600, 4900),
             g=(9, 10)),
        line("Pixel {g} Pro", 0.82, sizes=(6.3,), storage=(128, 256, 512, 1024), ram=(16,), cam=(50,),
             battery=(4600, 4800), g=(9, 10)),
        line("Pixel {g} Pro XL", 0.9, sizes=(6.8,), storage=(128, 256, 512, 1024), ram=(16,), cam=(50,),
             battery=(5000, 5200), g=(9, 10)),
        line("Pixel {g} Pro Fold", 0.97, sizes=(6.3,), storage=(256, 512, 1024), ram=(16,), cam=(48,),
             battery=(4600, 4700), g=(9, 10)),
    ]),
    brand("OnePlus", "mid", 0.6, [
        line("Nord N{n} 5G", 0.12, sizes=(6.7,), storage=(128,), ram=(8,), cam=(108,), battery=(5000, 5000),
             n=(30, 40)),
        line("Nord {n}", 0.3, sizes=(6.7,), storage=(128, 256), ram=(8, 12), cam=(50,), battery=(5400, 5500),
             n=(4, 5)),
        line("{g}R", 0.5, sizes=(6.8,), storage=(256,), ram=(12,), cam=(50,), battery=(5500, 6000), g=(13, 14)),
        line("{g}", 0.7, sizes=(6.8,), storage=(256, 512), ram=(12, 16), cam=(50,), battery=(5400, 6000),
             g=(13, 14)),
        line("Open {g}", 0.92, sizes=(6.3,), storage=(512,), ram=(16,), cam=(48,), battery=(4800, 4900),
             g=(2, 3)),
    ]),
    brand("Motorola", "budget", 0.7, [
        line("Moto G{n} 5G", 0.08, sizes=(6.5, 6.6), storage=(64, 128), ram=(4, 6), cam=(50,), battery=(5000, 5000),
             n=(35, 55, 75, 85)),
        line("Moto G Power 5G ({y})", 0.15, sizes=(6.7,), storage=(128, 256), ram=(6, 8), cam=(50,),
             battery=(5000, 5000)),
        line("Moto G Stylus 5G ({y})", 0.22, sizes=(6.7,), storage=(128, 256), ram=(8,), cam=(50,),
             battery=(5000, 5000)),
        line("Edge ({y})", 0.4, sizes=(6.6,), storage=(256,), ram=(8,), cam=(50,), battery=(5000, 5000)),
        line("Edge {n} Pro", 0.55, sizes=(6.7,), storage=(256, 512), ram=(12,), cam=(50,), battery=(4500, 4500),
             n=(50, 60)),
        line("Razr ({y})", 0.55, sizes=(6.9,), storage=(128, 256), ram=(8,), cam=(50,), battery=(4200, 4200)),
        line("Razr+ ({y})", 0.8, sizes=(6.9,), storage=(256,), ram=(12,), cam=(50,), battery=(4000, 4000)),
    ]),
    brand("Xiaomi", "budget", 0.6, [
        line("Redmi Note {g} 5G", 0.12, sizes=(6.7,), storage=(128, 256), ram=(6, 8), cam=(108,),
             battery=(5000, 5500), g=(14, 15)),
        line("Redmi Note {g} Pro+", 0.28, sizes=(6.7,), storage=(256, 512), ram=(8, 12), cam=(200,),
             battery=(5000, 5100), g=(14, 15)),
        line("Poco X{n} Pro", 0.3, sizes=(6.7,), storage=(256, 512), ram=(8, 12), cam=(64,), battery=(5000, 6000),
             n=(7, 8)),
        line("Poco F{n}", 0.45, sizes=(6.7,), storage=(256, 512), ram=(12, 16), cam=(50,), battery=(5000, 5500),
             n=(6, 7)),
        line("{g}T Pro", 0.65, sizes=(6.7,), storage=(256, 512, 1024), ram=(12, 16), cam=(50,),
             battery=(5000, 5500), g=(14, 15)),
        line("{g} Ultra", 0.9, sizes=(6.7,), storage=(512, 1024), ram=(16,), cam=(50,), battery=(5000, 5400),
             g=(15, 16)),
    ]),
]


# --------------------------------------------------------------------------- headphones


def headphone_specs(rng, brand_, ln, q):
    """Headphone specs straight from the line; battery is 0 for wired models."""
    wireless = ln.get("wireless", True)
    return {
        "type": ln["type"],
        "wireless": wireless,
        "noise_cancelling": ln.get("nc", False),
        "battery_hours": between(rng, *ln["battery"]) if wireless else 0,
    }, ""


def headphone_score(specs, ln):
    """How expensive a headphone's specs are, 0..1."""
    return (0.45 * specs["noise_cancelling"] + 0.3 * specs["wireless"]
            + 0.25 * min(specs["battery_hours"] / 60, 1.0))


def headphone_tags(specs):
    """Name suffixes (colours) that tell headphone variants apart."""
    return ["Black", "White", "Silver", "Midnight Blue", "Sandstone", "Olive Green"]


def headphone_reviews(s, ln):
    """(positive, negative) review sentences specific to these headphones."""
    pos, neg = [], []
    if s["noise_cancelling"]:
        pos += ["Noise cancelling is excellent on flights.", "Blocks out office chatter completely."]
        neg.append("The ANC gives me a slight pressure feeling in my ears.")
    elif s["wireless"]:
        neg.append("No noise cancelling, so the train is still loud.")
    if not s["wireless"]:
        pos += ["Wired means zero latency and no battery to charge.", "Great for mixing and studio monitoring."]
        neg.append("The cable is too short for my desk setup.")
    elif s["battery_hours"] >= 40:
        pos.append("Battery lasts over a week of commuting.")
    elif s["battery_hours"] <= 8:
        neg.append("Only about {battery_hours} hours per charge before they go back in the case.")
    if s["type"] == "in-ear":
        pos.append("They stay put, even during workouts at the gym.")
        neg.append("Hard to get a good seal with the included tips.")
    elif s["type"] == "over-ear":
        pos.append("The over-ear cushions are plush and don't get hot.")
        neg.append("Too bulky to fold into a small bag.")
    else:
        pos.append("Lightweight and easy to toss in a backpack.")
        neg.append("On-ear pads press on my glasses after an hour.")
    return pos, neg


HEADPHONES = [
    brand("Sony", "premium", 1.1, [
        line("WH-1000XM{g}", 0.92, type="over-ear", nc=True, battery=(28, 40), g=(5, 6)),
        line("WF-1000XM{g}", 0.8, type="in-ear", nc=True, battery=(7, 10), g=(5, 6)),
        line("WH-ULT{n}N", 0.55, type="over-ear", nc=True, battery=(30, 50), n=(900, 1000)),
        line("WH-CH{n}N", 0.3, type="over-ear", nc=True, battery=(30, 50), n=(720, 730)),
        line("WH-CH{n}", 0.1, type="on-ear", battery=(40, 55), n=(520, 530)),
        line("WF-C{n}", 0.18, type="in-ear", battery=(7, 11), n=(510, 610)),
        line("MDR-{n}", 0.38, type="over-ear", wireless=False, battery=(0, 0), n=("7506", "MV1", "M1")),
    ]),
    brand("Bose", "premium", 1.0, [
        line("QuietComfort Ultra Headphones (Gen {g})", 0.95, type="over-ear", nc=True, battery=(24, 30), g=(2, 3)),
        line("QuietComfort Ultra Earbuds (Gen {g})", 0.8, type="in-ear", nc=True, battery=(6, 8), g=(2, 3)),
        line("QuietComfort {n} Headphones", 0.65, type="over-ear", nc=True, battery=(22, 26), n=(45, 55)),
        line("QuietComfort Earbuds (Gen {g})", 0.6, type="in-ear", nc=True, battery=(6, 8), g=(2, 3)),
        line("Sport Earbuds {g}", 0.4, type="in-ear", battery=(5, 8), g=(2, 3)),
        line("SoundLink Around-Ear {g}", 0.35, type="over-ear", battery=(15, 20), g=(2, 3)),
    ]),
    brand("Sennheiser", "premium", 0.6, [
        line("Momentum {g} Wireless", 0.85, type="over-ear", nc=True, battery=(50, 60), g=(4, 5)),
        line("Momentum True Wireless {g}", 0.7, type="in-ear", nc=True, battery=(7, 9), g=(4, 5)),
        line("Accentum{n} Wireless", 0.5, type="over-ear", nc=True, battery=(45, 50), n=("", " Plus")),
        line("HD {n}", 0.62, type="over-ear", wireless=False, battery=(0, 0),
             n=("560S", "600", "660S2", "490 Pro", "620S")),
        line("IE {n}", 0.55, type="in-ear", wireless=False, battery=(0, 0), n=("100 Pro", "200", "400 Pro", "600")),
        line("CX{n} True Wireless", 0.3, type="in-ear", nc=True, battery=(6, 8), n=("", " Plus")),
    ]),
    brand("Apple", "premium", 1.5, [
        line("AirPods Pro {g}", 0.78, type="in-ear", nc=True, battery=(6, 8), g=(2, 3)),
        line("AirPods {g}", 0.45, type="in-ear", battery=(5, 6), g=(4, 5)),
        line("AirPods {g} with Active Noise Cancellation", 0.55, type="in-ear", nc=True, battery=(4, 5), g=(4, 5)),
        line("AirPods Max{n}", 0.97, type="over-ear", nc=True, battery=(20, 20), n=("", " (USB-C)", " 2")),
    ]),
    brand("JBL", "budget", 0.9, [
        line("Tune {n}BT", 0.1, type="on-ear", battery=(40, 57), n=(520, 530, 720)),
        line("Tune {n}NC", 0.3, type="over-ear", nc=True, battery=(40, 70), n=(760, 770, 780)),
        line("Live {n}NC", 0.5, type="over-ear", nc=True, battery=(40, 65), n=(660, 670, 770)),
        line("Tour One M{g}", 0.75, type="over-ear", nc=True, battery=(30, 50), g=(2, 3)),
        line("Tune Beam {g}", 0.3, type="in-ear", nc=True, battery=(10, 12), g=(2, 3)),
        line("Endurance Peak {g}", 0.3, type="in-ear", battery=(8, 10), g=(3, 4)),
        line("Quantum {n}", 0.25, type="over-ear", wireless=False, battery=(0, 0), n=(100, 200, 300)),
    ]),
    brand("Anker", "budget", 0.8, [
        line("Soundcore Life Q{n}", 0.2, type="over-ear", nc=True, battery=(40, 60), n=(20, 30, 35)),
        line("Soundcore Space One{n}", 0.35, type="over-ear", nc=True, battery=(40, 55), n=("", " Pro")),
        line("Soundcore Liberty {g} Pro", 0.42, type="in-ear", nc=True, battery=(8, 10), g=(4, 5)),
        line("Soundcore P{n}i", 0.06, type="in-ear", nc=True, battery=(8, 10), n=(20, 25, 30, 40)),
        line("Soundcore Sport X{n}", 0.2, type="in-ear", battery=(8, 12), n=(10, 20)),
        line("Soundcore H{n}", 0.04, type="on-ear", battery=(30, 50), n=(30, 35)),
    ]),
]


# --------------------------------------------------------------------------- monitors

MONITOR_SIZES = (24, 27, 32, 34, 49)
MONITOR_RES = ("1080p", "1440p", "4K", "5K")
MONITOR_HZ = (60, 75, 120, 144, 165, 240)
MONITOR_PANEL_SCORE = {"IPS": 0.5, "VA": 0.3, "OLED": 1.0}


def monitor_specs(rng, brand_, ln, q):
    """Monitor specs picked by quality, then fixed up so size and resolution make sense together."""
    size, label = pick_size(rng, ln["sizes"], q)
    res = pick(rng, ln["res"], q)
    if size == 34:
        res = "1440p"  # ultrawide 3440x1440
    elif size == 49:
        res = "5K"  # 5120x1440 super-ultrawide
    elif res == "5K" and size != 27:
        res = "4K"
    elif res == "1080p" and size >= 32:
        res = "1440p"
    return {
        "screen_inches": size,
        "resolution": res,
        "refresh_hz": pick(rng, ln["hz"], q),
        "panel": pick(rng, ln["panel"], q),
    }, label


def monitor_score(specs, ln):
    """How expensive a monitor's specs are, 0..1."""
    return (0.35 * frac(specs["resolution"], MONITOR_RES) + 0.25 * frac(specs["refresh_hz"], MONITOR_HZ)
            + 0.2 * MONITOR_PANEL_SCORE[specs["panel"]] + 0.2 * frac(specs["screen_inches"], MONITOR_SIZES))


def monitor_tags(specs):
    """Name suffixes that tell monitor variants apart."""
    return [f"{specs['refresh_hz']}Hz"] + [f"{specs['refresh_hz']}Hz {c}" for c in ("Black", "White", "Silver")]


def monitor_reviews(s, ln):
    """(positive, negative) review sentences specific to this monitor."""
    pos, neg = [], []
    if s["refresh_hz"] >= 144:
        pos.append("{refresh_hz}Hz makes fast games feel incredibly smooth.")
    elif s["refresh_hz"] == 60:
        neg.append("Only 60Hz, so it's not the one for competitive gaming.")
    if s["resolution"] in ("4K", "5K"):
        pos.append("{resolution} is fantastic for photo editing and reading code.")
    elif s["resolution"] == "1080p" and s["screen_inches"] >= 27:
        neg.append("1080p stretched to 27 inches looks a little soft.")
    if s["panel"] == "OLED":
        pos.append("OLED blacks are stunning in a dark room.")
        neg.append("I worry about burn-in with a static taskbar.")
    elif s["panel"] == "VA":
        pos.append("Contrast is deep for a VA panel.")
        neg.append("Some smearing shows up in dark scenes.")
    else:
        pos.append("IPS viewing angles are great from any seat.")
    if s["screen_inches"] >= 34:
        pos.append("The ultrawide {screen_inches}-inch screen replaced my dual monitor setup.")
        neg.append("It takes up a huge amount of desk space.")
    return pos, neg


MONITORS = [
    brand("Dell", "mid", 0.9, [
        line("S{s}{n}H", 0.1, sizes=(24, 27), res=("1080p",), hz=(75, 120), panel=("VA", "IPS"), n=("25", "22")),
        line("G{s}{n}DF", 0.35, sizes=(27,), res=("1440p",), hz=(165, 240), panel=("IPS",), n=("24", "25")),
        line("P{s}{n}Q", 0.45, sizes=(27, 32), res=("4K",), hz=(60,), panel=("IPS",), n=("23", "25")),
        line("UltraSharp U{s}{n}Q", 0.7, sizes=(27, 32), res=("4K",), hz=(60, 120), panel=("IPS",), n=("24", "25")),
        line("UltraSharp U{s}{n}W", 0.75, sizes=(34,), res=("1440p",), hz=(60, 120), panel=("IPS",),
             n=("23", "25")),
        line("Alienware AW{s}{n}DW", 0.9, sizes=(27, 34), res=("1440p",), hz=(165, 240), panel=("OLED",),
             n=("23", "25")),
    ]),
    brand("LG", "mid", 0.8, [
        line("{s}MR{n}", 0.06, sizes=(24, 27), res=("1080p",), hz=(75, 120), panel=("IPS",), n=("400", "410", "500")),
        line("UltraGear {s}GS{n}", 0.45, sizes=(24, 27, 32), res=("1080p", "1440p"), hz=(144, 165, 240),
             panel=("IPS",), n=("60F", "75Q", "85Q")),
        line("UltraWide {s}WQ{n}", 0.4, sizes=(34,), res=("1440p",), hz=(60, 75, 120), panel=("IPS",),
             n=("60C", "75C", "80C")),
        line("UltraFine {s}UQ{n}", 0.55, sizes=(27, 32), res=("4K",), hz=(60,), panel=("IPS",), n=("850", "750")),
        line("UltraFine 5K {s}MD{n}", 0.85, sizes=(27,), res=("5K",), hz=(60,), panel=("IPS",), n=("5KL", "5KA")),
        line("UltraGear OLED {s}GS{n}", 0.88, sizes=(27, 32), res=("1440p", "4K"), hz=(240,), panel=("OLED",),
             n=("95QE", "95UE")),
    ]),
    brand("Samsung", "premium", 0.9, [
        line("Essential S{g} S{s}D{n}", 0.08, sizes=(24, 27), res=("1080p",), hz=(75,), panel=("VA", "IPS"),
             g=(3,), n=("300", "360")),
        line("Odyssey G{g} S{s}DG{n}", 0.45, sizes=(27, 32), res=("1440p",), hz=(144, 165), panel=("VA",),
             g=(5, 6, 7), n=("50", "60")),
        line("Smart Monitor M{g} S{s}DM{n}", 0.5, sizes=(27, 32), res=("4K",), hz=(60,), panel=("VA",), g=(7, 8),
             n=("70", "80")),
        line("ViewFinity S{g} S{s}B{n}", 0.6, sizes=(27, 32), res=("4K", "5K"), hz=(60,), panel=("IPS",),
             g=(6, 8, 9), n=("60", "80", "90")),
        line("Odyssey OLED G{g} S{s}DG{n}", 0.85, sizes=(27, 32, 34), res=("1440p", "4K"), hz=(165, 240),
             panel=("OLED",), g=(6, 8), n=("80", "81")),
        line("Odyssey Neo G9 S{s}CG{n}", 0.95, sizes=(49,), res=("5K",), hz=(240,), panel=("VA", "OLED"),
             n=("95", "97")),
    ]),
    brand("Asus", "mid", 0.7, [
        line("VA{s}{n}H", 0.08, sizes=(24, 27), res=("1080p",), hz=(75, 120), panel=("IPS",), n=("49", "79")),
        line("TUF Gaming VG{s}{n}", 0.3, sizes=(24, 27, 32), res=("1080p", "1440p"), hz=(144, 165),
             panel=("VA", "IPS"), n=("AQ3A", "Q1A", "AQL1A")),
        line("ROG Strix XG{s}{n}", 0.6, sizes=(27, 32), res=("1440p", "4K"), hz=(165, 240), panel=("IPS",),
             n=("ACS", "UCG", "AQW")),
        line("ProArt PA{s}{n}", 0.75, sizes=(27, 32), res=("4K", "5K"), hz=(60, 120), panel=("IPS",),
             n=("UCX", "JCV", "CRV")),
        line("ROG Swift OLED PG{s}{n}", 0.95, sizes=(27, 32, 34, 49), res=("1440p", "4K"), hz=(240,),
             panel=("OLED",), n=("AQDP", "UCDM", "WCDM")),
    ]),
    brand("BenQ", "mid", 0.5, [
        line("GW{s}{n}", 0.08, sizes=(24, 27), res=("1080p",), hz=(60, 75), panel=("IPS",), n=("90", "80T", "86TC")),
        line("EW{s}{n}U", 0.35, sizes=(27, 32), res=("4K",), hz=(60,), panel=("VA", "IPS"), n=("80", "90")),
        line("Zowie XL{s}{n}", 0.55, sizes=(24,), res=("1080p",), hz=(240,), panel=("IPS",), n=("46K", "46X", "40K")),
        line("MOBIUZ EX{s}{n}", 0.55, sizes=(27, 32), res=("1440p", "4K"), hz=(144, 165, 240), panel=("IPS",),
             n=("10Q", "10U", "21QR")),
        line("PD{s}{n}U", 0.65, sizes=(27, 32), res=("4K",), hz=(60,), panel=("IPS",), n=("06", "05", "25")),
    ]),
    brand("Acer", "budget", 0.6, [
        line("SB{s}{n}Y", 0.04, sizes=(24, 27), res=("1080p",), hz=(75, 120), panel=("IPS",), n=("1", "2")),
        line("Nitro VG{s}{n}U", 0.2, sizes=(27, 32), res=("1440p",), hz=(144, 165), panel=("VA",), n=("0", "1", "2")),
        line("Nitro XV{s}2Q{n}", 0.3, sizes=(24, 27), res=("1080p", "1440p"), hz=(165, 240), panel=("IPS",),
             n=("F", "M", "P")),
        line("Predator XB{s}{n}U", 0.65, sizes=(27,), res=("1440p", "4K"), hz=(240,), panel=("IPS",),
             n=("3", "0", "2")),
        line("Predator X{s}{n}", 0.88, sizes=(27, 32, 34), res=("1440p", "4K"), hz=(165, 240), panel=("OLED",),
             n=(" OLED", "U OLED", "X OLED")),
    ]),
]


# --------------------------------------------------------------------------- tvs

TV_SIZES = (43, 50, 55, 65, 75, 85)
TV_HZ = (60, 120, 144)
TV_PANEL_SCORE = {"LED": 0.0, "QLED": 0.35, "Mini-LED": 0.7, "OLED": 1.0}


def tv_specs(rng, brand_, ln, q):
    """TV specs: size follows quality most strongly, since it drives the price."""
    size, label = pick_size(rng, ln["sizes"], q)
    return {
        "screen_inches": size,
        "resolution": ln.get("res", "4K"),
        "panel": pick(rng, ln["panel"], q),
        "refresh_hz": pick(rng, ln["hz"], q),
    }, label


def tv_score(specs, ln):
    """How expensive a TV's specs are, 0..1."""
    return (0.55 * frac(specs["screen_inches"], TV_SIZES) + 0.25 * TV_PANEL_SCORE[specs["panel"]]
            + 0.12 * (specs["resolution"] == "8K") + 0.08 * frac(specs["refresh_hz"], TV_HZ))


def tv_tags(specs):
    """Name suffixes (model years) that tell TV variants apart."""
    return ["(2024)", "(2025)", "(2026)"]


def tv_reviews(s, ln):
    """(positive, negative) review sentences specific to this TV."""
    pos, neg = [], []
    panel = s["panel"]
    if panel == "OLED":
        pos.append("OLED contrast is unreal in a dark room.")
        neg.append("Not as bright as I hoped in our sunny living room.")
    elif panel == "Mini-LED":
        pos.append("Mini-LED brightness handles our bright living room easily.")
        neg.append("Some blooming around bright objects on dark backgrounds.")
    elif panel == "QLED":
        pos.append("Colors really pop on the QLED panel.")
    else:
        pos.append("Solid picture for a budget LED TV.")
        neg.append("Black levels look grayish during night scenes.")
    if s["refresh_hz"] >= 120:
        pos.append("{refresh_hz}Hz is great for PS5 and Xbox gaming.")
    else:
        neg.append("Only 60Hz, so gaming isn't its strength.")
    if s["screen_inches"] >= 75:
        pos.append("The {screen_inches}-inch screen feels like a home theater.")
    elif s["screen_inches"] <= 50:
        pos.append("Perfect size for the bedroom or a small apartment.")
    if s["resolution"] == "8K":
        pos.append("8K upscaling makes even regular 4K content look sharper.")
        neg.append("There's barely any 8K content to watch yet.")
    return pos, neg


TVS = [
    brand("Samsung", "premium", 1.2, [
        line("Crystal UHD DU{n} {s}-inch", 0.1, sizes=TV_SIZES, panel=("LED",), hz=(60,), n=(7000, 7200, 8000)),
        line("QLED Q{n}D {s}-inch", 0.3, sizes=TV_SIZES, panel=("QLED",), hz=(60, 120), n=(60, 70, 80)),
        line("Neo QLED QN{n}D {s}-inch", 0.65, sizes=(55, 65, 75, 85), panel=("Mini-LED",), hz=(120, 144),
             n=(85, 90, 95)),
        line("OLED S{n}D {s}-inch", 0.8, sizes=(55, 65, 75, 85), panel=("OLED",), hz=(120, 144), n=(85, 90, 95)),
        line("Neo QLED 8K QN{n}D {s}-inch", 0.95, sizes=(65, 75, 85), res="8K", panel=("Mini-LED",), hz=(120,),
             n=(800, 900)),
    ]),
    brand("LG", "premium", 1.0, [
        line("UHD UT{n} {s}-inch", 0.08, sizes=(43, 50, 55, 65, 75), panel=("LED",), hz=(60,), n=(70, 75, 80)),
        line("QNED{n} {s}-inch", 0.35, sizes=(50, 55, 65, 75, 85), panel=("QLED", "Mini-LED"), hz=(60, 120),
             n=(80, 85, 90)),
        line("OLED B{g} {s}-inch", 0.55, sizes=(55, 65, 75), panel=("OLED",), hz=(120,), g=(4, 5)),
        line("OLED evo C{g} {s}-inch", 0.75, sizes=(55, 65, 75, 85), panel=("OLED",), hz=(120, 144), g=(4, 5)),
        line("OLED evo G{g} {s}-inch", 0.9, sizes=(55, 65, 75, 85), panel=("OLED",), hz=(144,), g=(4, 5)),
        line("OLED Signature Z{g} 8K {s}-inch", 0.99, sizes=(75, 85), res="8K", panel=("OLED",), hz=(120,),
             g=(3, 4)),
    ]),
    brand("Sony", "premium", 0.9, [
        line("Bravia 3 K-{s}S{n}", 0.25, sizes=TV_SIZES, panel=("LED",), hz=(60,), n=(30, 35)),
        line("Bravia 7 K-{s}XR{n}", 0.6, sizes=(50, 55, 65, 75, 85), panel=("Mini-LED",), hz=(120,), n=(70, 75)),
        line("Bravia 8 K-{s}XR{n}", 0.75, sizes=(55, 65, 75), panel=("OLED",), hz=(120,), n=(80, 85)),
        line("Bravia 8 II K-{s}XR{n}", 0.88, sizes=(55, 65), panel=("OLED",), hz=(120,), n=(80, 82)),
        line("Bravia 9 K-{s}XR{n}", 0.95, sizes=(65, 75, 85), panel=("Mini-LED",), hz=(120,), n=(90, 95)),
    ]),
    brand("TCL", "budget", 0.9, [
        line("S{g} LED {s}-inch", 0.05, sizes=(43, 50, 55, 65, 75), panel=("LED",), hz=(60,), g=(4, 5)),
        line("Q{g} QLED {s}-inch", 0.2, sizes=TV_SIZES, panel=("QLED",), hz=(60, 120), g=(6, 7)),
        line("QM{g} Mini-LED {s}-inch", 0.45, sizes=(55, 65, 75, 85), panel=("Mini-LED",), hz=(120, 144), g=(7, 8)),
        line("QM{g}K Mini-LED {s}-inch", 0.7, sizes=(65, 75, 85), panel=("Mini-LED",), hz=(144,), g=(8, 9)),
    ]),
    brand("Hisense", "budget", 0.8, [
        line("A{g} Series {s}-inch", 0.05, sizes=(43, 50, 55, 65, 75), panel=("LED",), hz=(60,), g=(6, 7)),
        line("QD{g} QLED {s}-inch", 0.18, sizes=TV_SIZES, panel=("QLED",), hz=(60,), g=(6, 7)),
        line("U{g}N Mini-LED {s}-inch", 0.4, sizes=(55, 65, 75, 85), panel=("Mini-LED",), hz=(120, 144),
             g=(6, 7, 8)),
        line("U9N Mini-LED {s}-inch", 0.7, sizes=(65, 75), panel=("Mini-LED",), hz=(144,)),
        line("UX Mini-LED {s}-inch", 0.85, sizes=(85,), panel=("Mini-LED",), hz=(144,)),
    ]),
    brand("Vizio", "budget", 0.6, [
        line("V-Series V{s}5-{n}", 0.05, sizes=(43, 50, 55, 65, 75), panel=("LED",), hz=(60,),
             n=("J01", "K09", "M08")),
        line("M-Series Quantum M{s}Q{g}-{n}", 0.25, sizes=(50, 55, 65, 75), panel=("QLED",), hz=(60, 120),
             g=(6, 7), n=("L4", "M4")),
        line("Quantum Pro M{s}QXM-{n}", 0.45, sizes=(65, 75, 85), panel=("Mini-LED",), hz=(120,), n=("K01", "K03")),
        line("OLED{s}-{n}", 0.7, sizes=(55, 65), panel=("OLED",), hz=(120,), n=("H1", "J01")),
    ]),
]


# --------------------------------------------------------------------------- tablets

TABLET_STORAGE = (32, 64, 128, 256, 512, 1024)
TABLET_RAM = (2, 3, 4, 6, 8, 12, 16, 32)


def tablet_specs(rng, brand_, ln, q):
    """Tablet specs: storage and memory follow quality; battery from the line's range."""
    screen, label = pick_size(rng, ln["sizes"], q)
    return {
        "screen_inches": float(screen),
        "storage_gb": pick(rng, ln["storage"], q),
        "ram_gb": pick(rng, ln["ram"], q),
        "battery_hours": between(rng, *ln["battery"]),
        "os": brand_["os"],
    }, label


def tablet_score(specs, ln):
    """How expensive a tablet's specs are, 0..1."""
    return (0.4 * frac(specs["storage_gb"], TABLET_STORAGE) + 0.3 * frac(specs["ram_gb"], TABLET_RAM)
            + 0.3 * (specs["screen_inches"] - 8.0) / 5.0)


def tablet_tags(specs):
    """Name suffixes that tell tablet configurations apart."""
    config = storage_label(specs["storage_gb"])
    return [f"{config} Wi-Fi", f"{config} Wi-Fi + Cellular"] + [
        f"{config} {c}" for c in ("Space Gray", "Silver", "Blue", "Graphite")]


def tablet_reviews(s, ln):
    """(positive, negative) review sentences specific to this tablet."""
    pos, neg = [], []
    if s["battery_hours"] >= 12:
        pos.append("Battery lasts {battery_hours} hours of video easily.")
    elif s["battery_hours"] <= 9:
        neg.append("Battery drains faster than I expected.")
    if s["storage_gb"] <= 64:
        neg.append("{storage} fills up after a few games and downloads.")
    elif s["storage_gb"] >= 512:
        pos.append("{storage} holds my whole comic and movie library offline.")
    if s["ram_gb"] >= 12:
        pos.append("Multitasking is smooth with {ram_gb}GB of RAM.")
    elif s["ram_gb"] <= 3:
        neg.append("Apps take a while to open with only {ram_gb}GB of RAM.")
    os_name = s["os"]
    if os_name == "iPadOS":
        pos += ["The app selection on iPadOS is unbeatable.", "Pencil support makes note-taking a pleasure."]
        neg.append("iPadOS still can't quite replace a laptop.")
    elif os_name == "Android":
        pos.append("Split-screen on Android works nicely for studying.")
        neg.append("Many Android apps are just stretched phone apps.")
    elif os_name == "Fire OS":
        pos.append("Alexa hands-free is handy in the kitchen.")
        neg.append("Fire OS has no Google Play, so some apps are missing.")
    else:
        pos.append("Runs full desktop apps, so it replaced my laptop.")
        neg.append("Windows is clumsy in tablet mode without the keyboard.")
    if s["screen_inches"] >= 12.4:
        pos.append("The big {screen_inches}-inch screen is great for drawing.")
    elif s["screen_inches"] <= 8.7:
        pos.append("Small enough to hold in one hand on the train.")
    return pos, neg


TABLETS = [
    brand("Apple", "premium", 1.4, [
        line("iPad ({n} generation)", 0.3, sizes=(10.9,), storage=(128, 256, 512), ram=(6, 8), battery=(10, 10),
             n=("11th", "12th")),
        line("iPad mini (A{g} Pro)", 0.45, sizes=(8.3,), storage=(128, 256, 512), ram=(8,), battery=(10, 10),
             g=(17, 18)),
        line("iPad Air {s} (M{g})", 0.62, sizes=(11.0, 13.0), storage=(128, 256, 512, 1024), ram=(8, 12),
             battery=(10, 10), g=(3, 4)),
        line("iPad Pro {s} (M{g})", 0.88, sizes=(11.0, 13.0), storage=(256, 512, 1024), ram=(8, 16),
             battery=(10, 10), g=(4, 5)),
    ], os="iPadOS"),
    brand("Samsung", "mid", 1.1, [
        line("Galaxy Tab A{g}{n}", 0.08, sizes=(8.7, 11.0), storage=(64, 128), ram=(4, 8), battery=(10, 13),
             g=(9, 10), n=("", "+")),
        line("Galaxy Tab S{g} FE{n}", 0.4, sizes=(10.9, 12.4), storage=(128, 256), ram=(6, 8), battery=(12, 15),
             g=(9, 10), n=("", "+")),
        line("Galaxy Tab S{g}", 0.65, sizes=(11.0,), storage=(128, 256, 512), ram=(12,), battery=(12, 14),
             g=(10, 11)),
        line("Galaxy Tab S{g}+", 0.78, sizes=(12.4,), storage=(256, 512), ram=(12,), battery=(12, 14), g=(10, 11)),
    ], os="Android"),
    brand("Lenovo", "budget", 0.6, [
        line("Tab M8 (Gen {g})", 0.02, sizes=(8.0,), storage=(32, 64), ram=(2, 3, 4), battery=(12, 15), g=(4, 5)),
        line("Tab M{n} Plus (Gen {g})", 0.12, sizes=(10.5, 11.0), storage=(64, 128), ram=(4, 6), battery=(11, 13),
             n=(10, 11), g=(3, 4)),
        line("Idea Tab Pro{n}", 0.35, sizes=(12.4,), storage=(128, 256), ram=(8,), battery=(10, 12), n=("", " 5G")),
        line("Yoga Tab {n}", 0.4, sizes=(11.0, 13.0), storage=(128, 256), ram=(4, 8), battery=(10, 14), n=(11, 13)),
        line("Tab P{n} Pro", 0.5, sizes=(11.0, 12.4), storage=(128, 256), ram=(6, 8), battery=(10, 13), n=(11, 12)),
        line("Legion Tab Gen {g}", 0.6, sizes=(8.7,), storage=(256,), ram=(12,), battery=(8, 10), g=(3, 4)),
    ], os="Android"),
    brand("Amazon", "budget", 1.0, [
        line("Fire HD 8{n} ({y} release)", 0.04, sizes=(8.0,), storage=(32, 64), ram=(2, 3), battery=(12, 13),
             n=("", " Plus")),
        line("Fire HD 10{n} ({y} release)", 0.12, sizes=(10.1,), storage=(32, 64), ram=(3, 4), battery=(12, 13),
             n=("", " Plus")),
        line("Fire HD 10 Kids Pro ({y} release)", 0.15, sizes=(10.1,), storage=(32,), ram=(3,), battery=(12, 13)),
        line("Fire Max 11 ({y} release)", 0.25, sizes=(11.0,), storage=(64, 128), ram=(4,), battery=(13, 14)),
    ], os="Fire OS"),
    brand("Microsoft", "premium", 0.6, [
        line("Surface Go {g}", 0.35, sizes=(10.5,), storage=(64, 128, 256), ram=(4, 8), battery=(9, 11), g=(4, 5)),
        line("Surface Pro {g}", 0.85, sizes=(13.0,), storage=(256, 512, 1024), ram=(16, 32), battery=(12, 14),
             g=(11, 12)),
        line("Surface Pro {g} 5G", 0.9, sizes=(13.0,), storage=(256, 512), ram=(16, 32), battery=(12, 14),
             g=(11, 12)),
    ], os="Windows"),
]


# --------------------------------------------------------------------------- cameras

CAMERA_VIDEO_SCORE = {"1080p": 0.0, "4K": 0.4, "6K": 0.7, "8K": 1.0}
CAMERA_TYPE_SCORE = {"compact": 0.2, "DSLR": 0.5, "mirrorless": 0.7}


def camera_specs(rng, brand_, ln, q):
    """Camera specs: resolution and video follow quality; weight from the line's range."""
    return {
        "type": ln["type"],
        "megapixels": pick(rng, ln["mp"], q),
        "video": pick(rng, ln["video"], q),
        "weight_g": between(rng, *ln["weight"]),
    }, ""


def camera_score(specs, ln):
    """How expensive a camera's specs are, 0..1."""
    return (0.35 * (specs["megapixels"] - 20) / 41 + 0.45 * CAMERA_VIDEO_SCORE[specs["video"]]
            + 0.2 * CAMERA_TYPE_SCORE[specs["type"]])


def camera_tags(specs):
    """Name suffixes that tell camera variants apart."""
    return ["(Black)", "(Silver)", "(Body Only)", "(Black, Body Only)", "(Silver, Body Only)"]


def camera_reviews(s, ln):
    """(positive, negative) review sentences specific to this camera."""
    pos, neg = [], []
    if s["megapixels"] >= 40:
        pos.append("{megapixels}MP gives me lots of room to crop wildlife shots.")
        neg.append("The huge raw files eat memory cards and hard drives.")
    elif s["megapixels"] <= 24:
        pos.append("{megapixels}MP files are easy to manage and still plenty sharp.")
    if s["video"] in ("6K", "8K"):
        pos.append("{video} video looks incredible and leaves room to reframe.")
    elif s["video"] == "1080p":
        neg.append("Only 1080p video feels dated these days.")
    if s["type"] == "DSLR":
        pos.append("The optical viewfinder is still a joy to use.")
        neg.append("Heavier and bulkier than the mirrorless bodies I tried.")
    elif s["type"] == "compact":
        pos.append("Fits in a jacket pocket, so I actually take it everywhere.")
        neg.append("The small sensor struggles in low light.")
    else:
        pos.append("The electronic viewfinder is bright and lag-free.")
    if s["weight_g"] <= 500:
        pos.append("At {weight_g} g it's light enough for all-day travel.")
    elif s["weight_g"] >= 800:
        neg.append("At {weight_g} g it gets heavy on long hikes.")
    return pos, neg


CAMERAS = [
    brand("Canon", "premium", 1.1, [
        line("EOS R5 Mark {g}", 0.95, type="mirrorless", mp=(45,), video=("8K",), weight=(730, 760), g=("II", "III")),
        line("EOS R6 Mark {g}", 0.78, type="mirrorless", mp=(24, 32), video=("4K", "6K"), weight=(670, 700),
             g=("II", "III")),
        line("EOS R{n}", 0.35, type="mirrorless", mp=(24, 32), video=("4K",), weight=(350, 600), n=(8, 10, 50, 100)),
        line("EOS {n}D", 0.5, type="DSLR", mp=(24, 32), video=("1080p", "4K"), weight=(700, 920), n=(90, 850, 250)),
        line("EOS Rebel T{g}i", 0.3, type="DSLR", mp=(24,), video=("1080p", "4K"), weight=(450, 520), g=(8, 9)),
        line("PowerShot G{n} X Mark {g}", 0.35, type="compact", mp=(20,), video=("1080p", "4K"), weight=(300, 400),
             n=(5, 7), g=("III", "IV")),
        line("PowerShot V{n}", 0.3, type="compact", mp=(20,), video=("4K",), weight=(200, 220), n=(1, 10)),
    ]),
    brand("Sony", "premium", 1.2, [
        line("Alpha 1 {g}", 0.99, type="mirrorless", mp=(50,), video=("8K",), weight=(740, 750), g=("II", "III")),
        line("Alpha 7R {g}", 0.93, type="mirrorless", mp=(61,), video=("4K", "8K"), weight=(720, 740),
             g=("V", "VI")),
        line("Alpha 7 {g}", 0.72, type="mirrorless", mp=(33,), video=("4K",), weight=(650, 670), g=("IV", "V")),
        line("Alpha 7C {g}", 0.6, type="mirrorless", mp=(33,), video=("4K",), weight=(510, 520), g=("II", "III")),
        line("Alpha 6{n}", 0.4, type="mirrorless", mp=(24, 26), video=("4K",), weight=(450, 500), n=(400, 600, 700)),
        line("ZV-E10{n}", 0.25, type="mirrorless", mp=(24, 26), video=("4K",), weight=(340, 380), n=("", " II")),
        line("ZV-1{n}", 0.22, type="compact", mp=(20,), video=("4K",), weight=(290, 300), n=("", " II", "F")),
        line("Cyber-shot RX100 {g}", 0.45, type="compact", mp=(20,), video=("4K",), weight=(300, 310),
             g=("VI", "VII")),
    ]),
    brand("Nikon", "mid", 0.9, [
        line("Z{n}", 0.92, type="mirrorless", mp=(45,), video=("8K",), weight=(910, 1340), n=(8, 9)),
        line("Z6 {g}", 0.6, type="mirrorless", mp=(24,), video=("4K", "6K"), weight=(740, 760), g=("II", "III")),
        line("Z5{n}", 0.4, type="mirrorless", mp=(24,), video=("4K",), weight=(670, 700), n=("", " II")),
        line("Zf{n}", 0.5, type="mirrorless", mp=(20, 24), video=("4K",), weight=(440, 710), n=("", "c")),
        line("Z50{n}", 0.28, type="mirrorless", mp=(20,), video=("4K",), weight=(390, 550), n=("", " II")),
        line("D{n}", 0.45, type="DSLR", mp=(20, 24, 45), video=("1080p", "4K"), weight=(600, 1000),
             n=(780, 850, 7500, 5600)),
        line("Coolpix P{n}", 0.2, type="compact", mp=(20,), video=("4K",), weight=(1000, 1420), n=(950, 1100)),
    ]),
    brand("Fujifilm", "mid", 0.8, [
        line("X-M{n}", 0.25, type="mirrorless", mp=(26,), video=("4K", "6K"), weight=(355, 365), n=(5, 6)),
        line("X-S{n}", 0.45, type="mirrorless", mp=(26,), video=("4K", "6K"), weight=(465, 490), n=(10, 20)),
        line("X-E{n}", 0.5, type="mirrorless", mp=(26, 40), video=("4K", "6K"), weight=(360, 445), n=(4, 5)),
        line("X-T{n}", 0.65, type="mirrorless", mp=(26, 40), video=("4K", "6K"), weight=(380, 560), n=(5, 50, 30)),
        line("X100{n}", 0.75, type="compact", mp=(26, 40), video=("4K", "6K"), weight=(470, 480), n=("V", "VI")),
        line("X-H{n}", 0.85, type="mirrorless", mp=(26, 40), video=("6K", "8K"), weight=(660, 680), n=("2", "2S")),
    ]),
    brand("Panasonic", "budget", 0.5, [
        line("Lumix ZS{n}", 0.2, type="compact", mp=(20,), video=("4K",), weight=(320, 340), n=(99, 200)),
        line("Lumix FZ{n}", 0.3, type="compact", mp=(20,), video=("4K",), weight=(600, 820), n=(80, 300, 1000)),
        line("Lumix G{n}", 0.3, type="mirrorless", mp=(20, 25), video=("4K",), weight=(340, 540), n=(85, 95, 100)),
        line("Lumix S{n}", 0.6, type="mirrorless", mp=(24,), video=("6K",), weight=(480, 740),
             n=("5 II", "5 IIX", "9")),
        line("Lumix GH{n}", 0.7, type="mirrorless", mp=(25,), video=("6K",), weight=(720, 820), n=(6, 7)),
        line("Lumix S1R{n}", 0.88, type="mirrorless", mp=(47,), video=("6K", "8K"), weight=(800, 1020),
             n=("", " II")),
    ]),
]


# --------------------------------------------------------------------------- smartwatches

WATCH_WATER_SCORE = {30: 0.0, 50: 0.5, 100: 1.0}


def watch_specs(rng, brand_, ln, q):
    """Smartwatch specs; battery_days is a half-day float under 3 days, an int above."""
    screen, label = pick_size(rng, ln["sizes"])
    low, high = ln["battery"]
    days = rng.uniform(low, high)
    days = round(days * 2) / 2 if days < 3 else round(days)
    water = ln.get("water", 50)
    return {
        "battery_days": int(days) if float(days).is_integer() else days,
        "gps": ln.get("gps", True),
        "screen_inches": float(screen),
        "water_resistance_m": one_of(rng, water) if isinstance(water, tuple) else water,
        "os": brand_["os"],
    }, label


def watch_score(specs, ln):
    """How expensive a watch's specs are, 0..1."""
    return (0.35 * specs["gps"] + 0.35 * WATCH_WATER_SCORE[specs["water_resistance_m"]]
            + 0.3 * (specs["screen_inches"] - 1.2) / 0.8)


def watch_tags(specs):
    """Name suffixes (case colours) that tell watch variants apart."""
    return ["Midnight", "Silver", "Graphite", "Rose Gold", "Slate", "Titanium"]


def watch_reviews(s, ln):
    """(positive, negative) review sentences specific to this watch."""
    pos, neg = [], []
    if s["battery_days"] >= 7:
        pos.append("Battery lasts {battery_days} days between charges.")
    elif s["battery_days"] <= 2:
        neg.append("Needs charging every night, which makes sleep tracking awkward.")
    if s["gps"]:
        pos.append("Built-in GPS tracks my runs accurately without my phone.")
    else:
        neg.append("No built-in GPS, so I have to bring my phone on runs.")
    if s["water_resistance_m"] == 100:
        pos.append("Survived snorkeling and open-water swims without a problem.")
    elif s["water_resistance_m"] == 30:
        neg.append("Only rated to 30 m, so I don't swim with it.")
    os_pairs = {
        "watchOS": ("Works seamlessly with my iPhone.", "Only works if you have an iPhone."),
        "Wear OS": ("Google apps on the wrist are genuinely useful.", "Wear OS drains the battery quickly."),
        "Garmin OS": ("Training metrics are incredibly detailed.", "Smart features are basic compared to Wear OS."),
        "Fitbit OS": ("The app makes health trends easy to follow.", "Some features need a Premium subscription."),
        "Zepp OS": ("Amazing battery life for the price.", "Third-party app support is thin."),
    }
    good, bad = os_pairs[s["os"]]
    pos.append(good)
    neg.append(bad)
    if s["screen_inches"] >= 1.8:
        pos.append("The large {screen_inches}-inch display is easy to read mid-workout.")
    return pos, neg


SMARTWATCHES = [
    brand("Apple", "premium", 1.5, [
        line("Watch SE ({n} generation) {s}", 0.3, sizes=((1.6, "40mm"), (1.8, "44mm")), battery=(1.0, 1.5),
             n=("2nd", "3rd")),
        line("Watch Series {g} {s}", 0.55, sizes=((1.8, "42mm"), (1.9, "46mm")), battery=(1.0, 1.5), g=(10, 11)),
        line("Watch Series {g} GPS + Cellular {s}", 0.65, sizes=((1.8, "42mm"), (1.9, "46mm")), battery=(1.0, 1.5),
             g=(10, 11)),
        line("Watch Ultra {g}", 0.92, sizes=((2.0, "49mm"),), battery=(2.5, 3.0), water=100, g=(2, 3)),
    ], os="watchOS"),
    brand("Samsung", "mid", 1.1, [
        line("Galaxy Watch FE{n}", 0.2, sizes=((1.2, "40mm"),), battery=(1.5, 1.5), n=("", " LTE")),
        line("Galaxy Watch{g} {s}", 0.4, sizes=((1.3, "40mm"), (1.5, "44mm")), battery=(1.5, 2.0), g=(7, 8)),
        line("Galaxy Watch{g} Classic {s}", 0.6, sizes=((1.3, "43mm"), (1.5, "47mm")), battery=(1.5, 2.0),
             g=(7, 8)),
        line("Galaxy Watch Ultra{n}", 0.8, sizes=((1.5, "47mm"),), battery=(2.5, 3.0), water=100,
             n=("", " (2025)")),
    ], os="Wear OS"),
    brand("Garmin", "premium", 0.9, [
        line("Vivoactive {g}", 0.35, sizes=((1.2, ""),), battery=(8, 11), g=(5, 6)),
        line("Forerunner {n}", 0.3, sizes=((1.2, ""), (1.3, "")), battery=(11, 20), n=(55, 165)),
        line("Instinct {g}", 0.45, sizes=((1.2, ""),), battery=(18, 28), water=100, g=(2, 3)),
        line("Venu {g}", 0.55, sizes=((1.4, ""),), battery=(5, 14), g=(3, 4)),
        line("Forerunner {n}", 0.65, sizes=((1.3, ""),), battery=(13, 16), n=(265, 570)),
        line("Forerunner {n}", 0.85, sizes=((1.4, ""),), battery=(15, 23), n=(965, 970)),
        line("Epix Pro (Gen {g}) {s}", 0.9, sizes=((1.2, "42mm"), (1.3, "47mm"), (1.4, "51mm")), battery=(10, 16),
             water=100, g=(2, 3)),
        line("Fenix {g} {s}", 0.95, sizes=((1.2, "43mm"), (1.4, "47mm"), (1.4, "51mm")), battery=(10, 29),
             water=100, g=("8", "8 Pro", "E")),
    ], os="Garmin OS"),
    brand("Fitbit", "budget", 0.8, [
        line("Inspire {g}", 0.02, sizes=((1.2, ""),), battery=(10, 10), gps=False, g=(3, 4)),
        line("Charge {g}", 0.15, sizes=((1.2, ""),), battery=(7, 7), g=(6, 7)),
        line("Versa {g}", 0.3, sizes=((1.6, ""),), battery=(6, 6), gps=False, g=(4, 5)),
        line("Sense {g}", 0.45, sizes=((1.6, ""),), battery=(6, 6), g=(2, 3)),
    ], os="Fitbit OS"),
    brand("Google", "mid", 0.8, [
        line("Pixel Watch {g} {s}", 0.5, sizes=((1.2, "41mm"), (1.4, "45mm")), battery=(1.0, 1.5), g=(3, 4)),
        line("Pixel Watch {g} LTE {s}", 0.6, sizes=((1.2, "41mm"), (1.4, "45mm")), battery=(1.0, 1.5), g=(3, 4)),
    ], os="Wear OS"),
    brand("Amazfit", "budget", 0.6, [
        line("Bip {g}", 0.05, sizes=((1.9, ""),), battery=(10, 14), water=30, g=(5, 6)),
        line("GTS {g} Mini", 0.15, sizes=((1.6, ""),), battery=(7, 10), g=(4, 5)),
        line("Active {g}", 0.2, sizes=((1.3, ""),), battery=(10, 14), g=(2, 3)),
        line("GTR {g}", 0.3, sizes=((1.4, ""),), battery=(12, 14), g=("4", "4 Pro")),
        line("Balance{n}", 0.4, sizes=((1.5, ""),), battery=(14, 21), water=(50, 100), n=("", " 2")),
        line("T-Rex {g}", 0.45, sizes=((1.5, ""),), battery=(14, 27), water=100, g=("3", "3 Pro")),
        line("Cheetah{n}", 0.5, sizes=((1.4, ""),), battery=(12, 14), n=("", " Pro")),
    ], os="Zepp OS"),
]


# --------------------------------------------------------------------------- reviews

GENERIC_POS = [
    "Exactly what I was looking for.",
    "Setup took five minutes and it has worked flawlessly since.",
    "Build quality feels solid for the price.",
    "Great value for the money.",
    "Been using it daily for three months with zero issues.",
    "Bought it as a gift and they love it.",
    "Honestly better than I expected from {brand}.",
    "Would buy again without hesitation.",
    "Replaced an older model and the upgrade is night and day.",
    "Feels premium in the hand.",
]
GENERIC_NEG = [
    "Stopped working properly after a few weeks.",
    "Customer support was slow and unhelpful.",
    "Feels cheaper than the price suggests.",
    "Mine arrived scratched and I had to send it back.",
    "Not worth the money in my opinion.",
    "A software update introduced more bugs than it fixed.",
    "Expected a lot more from {brand}.",
]
GENERIC_MIXED = [
    "It does the job, nothing more.",
    "Good enough for the price, but I wouldn't call it great.",
    "Some things are great, others feel like an afterthought.",
    "Fine for casual use; power users should look elsewhere.",
]

POS_TITLES = ["Love it", "Highly recommend", "Great value", "Exceeded expectations", "Worth every penny",
              "Excellent", "Very happy", "Solid purchase", "Best purchase this year", "Impressed",
              "Does everything I need", "Five stars"]
GOOD_TITLES = ["Very good", "Almost perfect", "Great with minor gripes", "Pretty great", "Happy overall"]
MIXED_TITLES = ["It's okay", "Decent but flawed", "Mixed feelings", "Good, not great", "Average",
                "Some compromises", "Fine for the price"]
NEG_TITLES = ["Disappointed", "Returned it", "Not worth it", "Would not buy again", "Poor quality",
              "Frustrating", "Save your money"]


def review_rating(rng, rating):
    """A review's star rating: usually near the product rating, sometimes an outlier."""
    if rng.random() < 0.1:
        return one_of(rng, (1, 2, 5, 5, 5))
    return clamp(round(rating + noise(rng, 0.75)), 1, 5)


def choose(rng, specific, generic, used):
    """A sentence not yet used in this product's reviews, preferring product-specific ones."""
    for _ in range(2):
        sentence = one_of(rng, specific) if specific and rng.random() < 0.6 else one_of(rng, generic)
        if sentence not in used:
            break
    else:
        fresh = [x for x in specific if x not in used] or [x for x in generic if x not in used] or generic
        sentence = one_of(rng, fresh)
    used.add(sentence)
    return sentence


def review_text(rng, stars, pools, used):
    """One or two sentences whose tone matches the star rating."""
    pos, neg, cat_pos, cat_neg, any_pos, any_neg = pools
    if stars == 5:
        first = choose(rng, pos, any_pos, used)
        return first if rng.random() < 0.4 else f"{first} {choose(rng, pos, cat_pos, used)}"
    if stars == 4:
        first = choose(rng, pos, any_pos, used)
        return first if rng.random() < 0.5 else f"{first} {choose(rng, neg, cat_neg, used)}"
    if stars == 3:
        if rng.random() < 0.25:
            return choose(rng, (), GENERIC_MIXED, used)
        return f"{choose(rng, pos, cat_pos, used)} {choose(rng, neg, any_neg, used)}"
    first = choose(rng, neg, any_neg, used)
    return first if rng.random() < 0.4 else f"{first} {choose(rng, neg, GENERIC_NEG, used)}"


def make_reviews(rng, cat, brand_name, specs, ln, rating):
    """3-5 reviews for one product, avoiding repeated sentences within the product."""
    pos, neg = cat["review_sentences"](specs, ln)
    pools = (pos, neg, cat["pos"], cat["neg"], cat["any_pos"], cat["any_neg"])
    fields = {k: f"{v:g}" if type(v) is float else v for k, v in specs.items()}
    fields["brand"] = brand_name
    if "storage_gb" in specs:
        fields["storage"] = storage_label(specs["storage_gb"])
    reviews, used = [], set()
    for _ in range(between(rng, 3, 5)):
        stars = review_rating(rng, rating)
        text = review_text(rng, stars, pools, used)
        if "{" in text:
            text = text.format(**fields)
        reviews.append({"rating": stars, "title": one_of(rng, cat["titles_by_stars"][stars]), "text": text})
    return reviews


# --------------------------------------------------------------------------- categories

CATEGORIES = {
    "laptops": dict(
        prefix="lap", price=(299.0, 3499.0), line_weight=0.5, brands=LAPTOPS, specs=laptop_specs,
        score=laptop_score, tags=laptop_tags, review_sentences=laptop_reviews,
        pos=["The keyboard is comfortable for long typing sessions.", "Trackpad is smooth and accurate.",
             "Boots in seconds and handles dozens of browser tabs.", "The screen is bright and crisp.",
             "Fans stay quiet during normal office work.", "Speakers are surprisingly good for a laptop."],
        neg=["The fans get loud under any real load.", "The webcam is grainy on video calls.",
             "Screen is too dim to use outdoors.", "Came loaded with bloatware I had to remove.",
             "The chassis flexes more than I'd like.", "The bottom gets hot on my lap."],
        titles=["Perfect work laptop", "Great for school", "Fast and reliable"]),
    "smartphones": dict(
        prefix="pho", price=(149.0, 1599.0), line_weight=0.55, brands=SMARTPHONES, specs=phone_specs,
        score=phone_score, tags=phone_tags, review_sentences=phone_reviews,
        pos=["The camera takes fantastic photos, even at night.", "Screen is gorgeous and easy to read in sunlight.",
             "Fast and smooth with no lag at all.", "Face unlock is quick and reliable.",
             "Call quality is crystal clear."],
        neg=["Gets warm when gaming or recording video.", "The back is a fingerprint magnet.",
             "Charging is slower than the competition.", "Too many preinstalled apps.",
             "Low-light photos come out noisy."],
        titles=["Best phone I've owned", "Great camera phone", "Smooth and fast"]),
    "headphones": dict(
        prefix="hea", price=(19.0, 549.0), line_weight=0.75, brands=HEADPHONES, specs=headphone_specs,
        score=headphone_score, tags=headphone_tags, review_sentences=headphone_reviews,
        pos=["Sound is balanced with punchy bass.", "Comfortable even after hours of wear.",
             "Pairing with my phone was instant.", "Clear vocals and detailed highs.",
             "Great for podcasts and music alike."],
        neg=["Bass gets muddy at higher volumes.", "The microphone sounds muffled on calls.",
             "The companion app is clunky.", "Ear cushions started peeling within months.",
             "Clamping force gives me a headache after an hour."],
        titles=["Amazing sound", "Perfect for commuting", "Great headphones"]),
    "monitors": dict(
        prefix="mon", price=(119.0, 1999.0), line_weight=0.5, brands=MONITORS, specs=monitor_specs,
        score=monitor_score, tags=monitor_tags, review_sentences=monitor_reviews,
        pos=["Colors are accurate out of the box.", "The stand is sturdy with good height adjustment.",
             "Text is sharp and easy on the eyes.", "No dead pixels and a very even backlight.",
             "Setup was plug and play over USB-C."],
        neg=["There's visible backlight bleed in the corners.", "The stand wobbles when I type.",
             "Built-in speakers are basically useless.", "The OSD menu is confusing to navigate.",
             "Had one stuck pixel out of the box."],
        titles=["Gorgeous display", "Great for work and play", "Sharp and smooth"]),
    "tvs": dict(
        prefix="tv", price=(199.0, 4999.0), line_weight=0.35, brands=TVS, specs=tv_specs,
        score=tv_score, tags=tv_tags, review_sentences=tv_reviews,
        pos=["Picture is bright and vivid.", "The smart interface is fast and easy to navigate.",
             "Great for sports; motion looks smooth.", "Setup took ten minutes including apps.",
             "Movie night has never looked better."],
        neg=["Built-in speakers are thin; you'll want a soundbar.", "The remote feels cheap.",
             "The smart TV home screen is full of ads.", "Viewing angles are narrow from the side of the couch.",
             "Took two firmware updates before HDR looked right."],
        titles=["Stunning picture", "Movie nights upgraded", "Great TV"]),
    "tablets": dict(
        prefix="tab", price=(79.0, 1999.0), line_weight=0.6, brands=TABLETS, specs=tablet_specs,
        score=tablet_score, tags=tablet_tags, review_sentences=tablet_reviews,
        pos=["Great for reading and streaming in bed.", "The screen is sharp and bright.",
             "Perfect for taking notes in class.", "The kids use it daily and it holds up well.",
             "Speakers are loud and clear for a tablet."],
        neg=["Charging takes forever.", "The official accessories are overpriced.",
             "Gets sluggish with several apps open.", "The keyboard case costs extra.",
             "The glossy screen picks up a lot of glare."],
        titles=["Perfect for reading", "Great for the kids", "Great tablet"]),
    "cameras": dict(
        prefix="cam", price=(299.0, 4499.0), line_weight=0.7, brands=CAMERAS, specs=camera_specs,
        score=camera_score, tags=camera_tags, review_sentences=camera_reviews,
        pos=["Autofocus locks onto eyes instantly.", "Images are sharp with great dynamic range.",
             "The menu system is logical once you learn it.", "Handles well with a deep, comfortable grip.",
             "Colors straight out of the camera are lovely."],
        neg=["Battery life is short, so carry spares.", "The menus are a maze.",
             "It overheats during long video recordings.", "The grip is too small for my hands.",
             "Lens selection is limited at this price."],
        titles=["Fantastic image quality", "Great travel camera", "Superb camera"]),
    "smartwatches": dict(
        prefix="wat", price=(49.0, 899.0), line_weight=0.75, brands=SMARTWATCHES, specs=watch_specs,
        score=watch_score, tags=watch_tags, review_sentences=watch_reviews,
        pos=["Heart rate tracking matches my chest strap closely.", "Sleep tracking is genuinely insightful.",
             "Notifications are easy to read at a glance.", "Comfortable to wear all day and night.",
             "Workout detection is accurate."],
        neg=["The strap irritated my wrist.", "The companion app syncs slowly.",
             "The screen is hard to see in direct sunlight.", "Step counts seem inflated.",
             "The charger is proprietary and easy to lose."],
        titles=["Great fitness tracker", "Great everyday watch", "Great smartwatch"]),
}


# --------------------------------------------------------------------------- generation


class Registry:
    """Values already handed out, so names, prices and review counts stay unique."""

    def __init__(self, strict):
        """Start empty; strict means prices and review counts are unique catalog-wide."""
        self.strict = strict
        self.names = set()
        self.editions = {}
        self.prices = {}  # category (or "*" when strict) -> set of prices
        self.counts = {}  # "*" -> set of review counts when strict
        self.pairs = {}  # category -> set of (rating, review_count)

    def price_set(self, category):
        """The set of prices a new price must avoid."""
        return self.prices.setdefault("*" if self.strict else category, set())


def render_name(rng, brand_name, ln, label):
    """A product name from a line template: the brand then the model."""
    template = ln["template"]
    fields = {"s": label}
    if "{g}" in template:
        fields["g"] = one_of(rng, ln["g"])
    if "{n}" in template:
        fields["n"] = one_of(rng, ln["n"])
    if "{y}" in template:
        fields["y"] = one_of(rng, ln.get("y", (2024, 2025, 2026)))
    return f"{brand_name} {template.format(**fields)}".strip()


def unique_name(rng, brand_name, ln, label, tags, registry):
    """A name not used before: re-roll the model, then add a config/colour tag, then an edition number."""
    base = render_name(rng, brand_name, ln, label)
    for _ in range(3 if registry.strict else 1):
        if base not in registry.names:
            registry.names.add(base)
            return base
        base = render_name(rng, brand_name, ln, label)
    for tag in tags:
        name = f"{base} {tag}"
        if name not in registry.names:
            registry.names.add(name)
            return name
    base = f"{base} {tags[0]}"
    k = registry.editions.get(base, 1)
    while True:
        k += 1
        name = f"{base} Edition {k}"
        if name not in registry.names:
            registry.editions[base] = k
            registry.names.add(name)
            return name


def price_candidates(raw, ending, nice_steps, dollar_steps):
    """Prices near raw: 'nice' retail prices first (899.99, 1299.00), then dollar steps, then cents."""
    grid = 10 if raw >= 200 else 5 if raw >= 50 else 1
    anchor = round(raw / grid) * grid
    for k in range(nice_steps):
        for sign in ((1,) if k == 0 else (-1, 1)):
            yield round(anchor + sign * k * grid - 1 + ending, 2)
    whole = int(raw)
    for k in range(1, dollar_steps):
        for sign in (-1, 1):
            yield round(whole + sign * k + ending, 2)
    cents = round(raw * 100)
    for k in range(0, 6000):
        for sign in (-1, 1):
            yield (cents + sign * k) / 100


def unique_price(rng, raw, low, high, brand_name, used, strict):
    """A retail-looking price within [low, high] not in used (best effort unless strict)."""
    if brand_name == "Apple":
        ending = 0.0
    else:
        ending = weighted(rng, PRICE_ENDING_VALUES, PRICE_ENDING_CUM_WEIGHTS)
    for price in price_candidates(raw, ending, *((6, 60) if strict else (2, 3))):
        if low <= price <= high and price not in used:
            used.add(price)
            return price
    if strict:
        raise RuntimeError(f"no free price near {raw:.2f}")
    return round(raw, 2)


def draw_review_count(rng, mu):
    """A log-normally distributed review count within the allowed range."""
    return int(clamp(math.exp(rng.gauss(mu, 1.25)), MIN_REVIEW_COUNT, MAX_REVIEW_COUNT))


def count_candidates(rng, mu, count):
    """Review counts to try: the drawn one, a few fresh draws (so collisions don't pile up), then neighbours."""
    yield count
    for _ in range(10):
        yield draw_review_count(rng, mu)
    for k in range(1, MAX_REVIEW_COUNT):
        for candidate in (count + k, count - k):
            if MIN_REVIEW_COUNT <= candidate <= MAX_REVIEW_COUNT:
                yield candidate


def fit_rating(rating, count):
    """A rating rounded to one decimal; only products with few reviews may go below 2.2 or above 4.9."""
    return round(clamp(rating, 1.0, 5.0) if count < SMALL_SAMPLE else clamp(rating, 2.2, 4.9), 1)


def make_rating_and_count(rng, brand_, q, category, registry):
    """Rating (one decimal) and review count, unique as a pair in the category (and count-unique if strict)."""
    mu = math.log(110) + brand_["popularity"] + 0.6 * (0.5 - q)
    count = draw_review_count(rng, mu)
    rating = TIER_RATING[brand_["tier"]] + 0.5 * (q - 0.5) + noise(rng, 0.28)
    if rng.random() < 0.05:
        rating -= rng.uniform(0.4, 1.0)  # the occasional lemon
    if count < SMALL_SAMPLE:  # few reviews: noisier, now and then a perfect score
        rating = 5.0 if rng.random() < 0.06 else max(rating + noise(rng, 0.3), 1.8)
    pairs = registry.pairs.setdefault(category, set())
    counts = registry.counts.setdefault("*", set()) if registry.strict else None
    for candidate in count_candidates(rng, mu, count):
        fitted = fit_rating(rating, candidate)
        if (fitted, candidate) in pairs or (counts is not None and candidate in counts):
            continue
        pairs.add((fitted, candidate))
        if counts is not None:
            counts.add(candidate)
        return fitted, candidate
    raise RuntimeError(f"no free review count in {category}")


def prepare_category(cat):
    """A category's settings plus lookup tables derived from them once."""
    return dict(
        cat,
        brand_weights=tuple(itertools.accumulate(b["popularity"] for b in cat["brands"])),
        any_pos=cat["pos"] + GENERIC_POS,
        any_neg=cat["neg"] + GENERIC_NEG,
        titles_by_stars=(None, NEG_TITLES, NEG_TITLES, MIXED_TITLES, GOOD_TITLES + cat["titles"],
                         POS_TITLES + cat["titles"]),
    )


def make_product(rng, category, cat, number, width, registry):
    """One product of a category (as prepared by prepare_category), as an ordered dict ready for JSON."""
    brand_ = weighted(rng, cat["brands"], cat["brand_weights"])
    ln = one_of(rng, brand_["lines"])
    q = clamp(ln["level"] + noise(rng, 0.04), 0.0, 1.0)
    specs, label = cat["specs"](rng, brand_, ln, q)
    name = unique_name(rng, brand_["name"], ln, label, cat["tags"](specs), registry)
    weight = cat["line_weight"]
    position = weight * q + (1 - weight) * cat["score"](specs, ln)
    position = soft_clamp(position + TIER_PRICE_SHIFT[brand_["tier"]] + noise(rng, 0.02))
    low, high = cat["price"]
    raw = low * (high / low) ** position
    price = unique_price(rng, raw, low, high, brand_["name"], registry.price_set(category), registry.strict)
    rating, review_count = make_rating_and_count(rng, brand_, q, category, registry)
    return {
        "id": f"{cat['prefix']}-{number:0{width}d}",
        "name": name,
        "brand": brand_["name"],
        "category": category,
        "price": price,
        "rating": rating,
        "review_count": review_count,
        "specs": specs,
        "reviews": make_reviews(rng, cat, brand_["name"], specs, ln, rating),
    }


def generate(count_per_category, seed=SEED):
    """All products, category by category, from one seeded random generator."""
    rng = random.Random(seed)
    registry = Registry(strict=count_per_category <= STRICT_MAX_PER_CATEGORY)
    width = max(4, len(str(count_per_category)))
    products = []
    gc_was_enabled = gc.isenabled()
    gc.disable()  # the products hold no reference cycles; skipping GC passes makes large runs ~20% faster
    try:
        for category, settings in CATEGORIES.items():
            cat = prepare_category(settings)
            for number in range(1, count_per_category + 1):
                products.append(make_product(rng, category, cat, number, width, registry))
    finally:
        if gc_was_enabled:
            gc.enable()
    return products


def write_jsonl(products, path):
    """Write products as UTF-8 JSON Lines with a trailing newline."""
    path.parent.mkdir(parents=True, exist_ok=True)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("".join(encode(p) + "\n" for p in products))


def parse_args(argv):
    """Command-line options."""
    parser = argparse.ArgumentParser(description="Generate the synthetic product catalog (JSON Lines).")
    parser.add_argument("--count-per-category", type=int, default=DEFAULT_COUNT, metavar="N",
                        help=f"products per category (default {DEFAULT_COUNT})")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, metavar="PATH",
                        help="output file (default webapp/assistant/data/catalog.jsonl)")
    args = parser.parse_args(argv)
    if args.count_per_category < 1:
        parser.error("--count-per-category must be at least 1")
    return args


def main(argv=None):
    """Generate the catalog and report what was written."""
    args = parse_args(argv)
    started = time.perf_counter()
    products = generate(args.count_per_category)
    write_jsonl(products, args.output)
    elapsed = time.perf_counter() - started
    print(f"wrote {len(products)} products to {args.output} in {elapsed:.2f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
