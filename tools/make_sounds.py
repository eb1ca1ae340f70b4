"""Synthesise the game's sounds into assets/sounds/ with the standard library only.

    python tools/make_sounds.py

22,050 Hz, 16-bit mono WAV. Every sound starts and ends at silence through short fades, so
nothing clicks, and the output is the same bytes on every run. Made by the project and
dedicated to the public domain (CC0 1.0): see assets/sounds/README.md.

    message.wav     soft two-note chime: a message arrives            ~0.25 s
    notify.wav      brighter three-note notification                  ~0.35 s
    ring.wav        gentle marimba-like ringtone, loops seamlessly    2.0 s
    flag.wav        short wooden tick: a flag is raised               ~0.08 s
    good.wav        pleasant rising fifth: a right answer             ~0.3 s
    gentle_no.wav   soft falling third, low and quiet: a wrong one    ~0.3 s
    timer.wav       soft tick of the countdown                        ~0.05 s
"""

from __future__ import annotations

import argparse
import math
import struct
import wave
from pathlib import Path

RATE = 22050
OUT = Path(__file__).resolve().parent.parent / "assets" / "sounds"


def note(name: str) -> float:
    """Frequency of a note like 'A4' or 'C#6' (equal temperament, A4 = 440 Hz)."""
    steps = {"C": -9, "D": -7, "E": -5, "F": -4, "G": -2, "A": 0, "B": 2}
    semitone = steps[name[0]] + name[1:-1].count("#") - name[1:-1].count("b")
    return 440.0 * 2 ** ((semitone + 12 * (int(name[-1]) - 4)) / 12)


def silence(seconds: float) -> list[float]:
    return [0.0] * round(seconds * RATE)


def tone(freq: float, seconds: float, *, decay: float = 0.0, partials: tuple[float, ...] = (1.0,),
         attack: float = 0.004, glide_to: float | None = None) -> list[float]:
    """A tone of `seconds`: harmonics weighted by `partials`, exponential decay with time
    constant `decay` seconds (0 = none), a linear attack, and an optional pitch glide."""
    count = round(seconds * RATE)
    samples = []
    phase = 0.0
    for i in range(count):
        t = i / RATE
        f = freq if glide_to is None else freq * (glide_to / freq) ** (i / max(1, count - 1))
        phase += 2 * math.pi * f / RATE
        value = sum(weight * math.sin((k + 1) * phase) for k, weight in enumerate(partials))
        envelope = min(1.0, t / attack) if attack > 0 else 1.0
        if decay > 0:
            envelope *= math.exp(-t / decay)
        samples.append(value * envelope)
    return samples


def mix(length: float, *parts: tuple[float, list[float]]) -> list[float]:
    """Lay each (start seconds, samples) onto a silent track of `length` seconds."""
    track = silence(length)
    for start, samples in parts:
        offset = round(start * RATE)
        for i, value in enumerate(samples):
            if offset + i < len(track):
                track[offset + i] += value
    return track


def finish(samples: list[float], peak: float, fade_in: float = 0.003, fade_out: float = 0.015) -> list[float]:
    """Scale to `peak` (of full scale) and fade both ends to exactly zero (raised-cosine)."""
    top = max(abs(s) for s in samples) or 1.0
    out = [s * peak / top for s in samples]
    n_in, n_out = max(1, round(fade_in * RATE)), max(1, round(fade_out * RATE))
    for i in range(min(n_in, len(out))):
        out[i] *= 0.5 - 0.5 * math.cos(math.pi * i / n_in)
    for i in range(min(n_out, len(out))):
        out[-1 - i] *= 0.5 - 0.5 * math.cos(math.pi * i / n_out)
    return out


def write(name: str, samples: list[float]) -> Path:
    path = OUT / name
    frames = b"".join(struct.pack("<h", max(-32767, min(32767, round(s * 32767)))) for s in samples)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)
    return path


BELL = (1.0, 0.25, 0.08)       # a little brightness over the fundamental
MARIMBA = (1.0, 0.0, 0.0, 0.12)  # fundamental plus a soft 4th harmonic, woody
PURE = (1.0,)


def message() -> list[float]:
    return finish(mix(0.25,
                      (0.00, tone(note("E5"), 0.25, decay=0.07, partials=BELL)),
                      (0.08, tone(note("A5"), 0.17, decay=0.06, partials=BELL))), peak=0.45)


def notify() -> list[float]:
    return finish(mix(0.35,
                      (0.00, tone(note("C6"), 0.35, decay=0.08, partials=BELL)),
                      (0.07, tone(note("E6"), 0.28, decay=0.08, partials=BELL)),
                      (0.14, tone(note("G6"), 0.21, decay=0.07, partials=BELL))), peak=0.5)


def ring() -> list[float]:
    """Two short marimba phrases, then a breath of silence: 2.0 s that loop without a seam."""
    phrase = ("E5", "G#5", "B5", "G#5")
    parts = []
    for start in (0.0, 0.6):
        for index, name in enumerate(phrase):
            parts.append((start + 0.12 * index, tone(note(name), 0.45, decay=0.09, partials=MARIMBA, attack=0.003)))
    return finish(mix(2.0, *parts), peak=0.45, fade_out=0.05)


def flag() -> list[float]:
    return finish(tone(1600, 0.08, decay=0.015, partials=(1.0, 0.3), attack=0.001, glide_to=900),
                  peak=0.5, fade_in=0.001, fade_out=0.01)


def good() -> list[float]:
    return finish(mix(0.3,
                      (0.00, tone(note("C5"), 0.3, decay=0.09, partials=BELL)),
                      (0.10, tone(note("G5"), 0.2, decay=0.08, partials=BELL))), peak=0.45)


def gentle_no() -> list[float]:
    """Two soft, low, pure notes falling a minor third: a shrug, not a buzzer."""
    return finish(mix(0.3,
                      (0.00, tone(note("A4"), 0.16, decay=0.08, partials=PURE, attack=0.01)),
                      (0.12, tone(note("F#4"), 0.18, decay=0.08, partials=PURE, attack=0.01))),
                  peak=0.32, fade_in=0.005, fade_out=0.03)


def timer() -> list[float]:
    return finish(tone(1100, 0.05, decay=0.008, partials=(1.0, 0.15), attack=0.001),
                  peak=0.25, fade_in=0.001, fade_out=0.008)


SOUNDS = {"message.wav": message, "notify.wav": notify, "ring.wav": ring, "flag.wav": flag,
          "good.wav": good, "gentle_no.wav": gentle_no, "timer.wav": timer}


def main(argv: list[str] | None = None) -> None:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, make in SOUNDS.items():
        path = write(name, make())
        with wave.open(str(path)) as done:
            seconds = done.getnframes() / done.getframerate()
        print(f"{path.relative_to(OUT.parent.parent)}: {seconds:.2f} s, {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
