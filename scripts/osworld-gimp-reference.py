#!/usr/bin/env python3
"""Reference figures for Tests/DeskgymMetricsTests/MetricGIMPTests.swift.

Writes the tests' fixtures with the same formulas and ImageMagick commands (GIMPFixture.swift)
and scores them with OSWorld's own gimp.py (desktop-env 1.0.2; `check_structure_sim_with_threshold`
is newer than that release and is restated from OSWorld's repository as comments say) using
Pillow, NumPy, scikit-image and OpenCV. Run once by hand; CI does not need scikit-image.

    pip install --break-system-packages scikit-image opencv-python-headless
    python3 scripts/osworld-gimp-reference.py
"""
import importlib.util
import os
import subprocess
import tempfile

import numpy as np
from PIL import Image
from skimage.metrics import structural_similarity as ssim

import desktop_env

spec = importlib.util.spec_from_file_location(
    "gimp", os.path.join(os.path.dirname(desktop_env.__file__), "evaluators/metrics/gimp.py"))
gimp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gimp)
os.chdir(tempfile.mkdtemp())


def busy(w, h, seed, alpha=False):
    out = bytearray()
    for y in range(h):
        for x in range(w):
            out += bytes([(x * 7 + y * 13 + seed * 31 + (x * y % 17) * 5) % 256,
                          (x * x + 3 * y + seed * 17) % 256, (255 - x * 5 + y * y + seed) % 256])
            if alpha:
                out.append(128 if (x + y) % 5 == 0 else 255)
    return bytes(out)


def smooth(w, h):
    out = bytearray()
    for y in range(h):
        for x in range(w):
            # Swift's integer division truncates; all operands here are non-negative.
            disc = (x - w // 3) ** 2 + (y - h // 2) ** 2 < (h // 4) ** 2
            shade = 60 if disc else 0
            out += bytes([max(0, 40 + x * 150 // w - shade), max(0, 90 + y * 120 // h - shade),
                          max(0, 160 - (x + y) * 60 // (w + h) - shade)])
    return bytes(out)


def write(name, raw, w, h, fmt="rgb", args=(), prefix=None):
    # ImageMagick picks the smallest colour type unless told: pin it.
    prefix = prefix if prefix is not None else ("PNG24:" if fmt == "rgb" else "PNG32:")
    open(name + ".raw", "wb").write(raw)
    convert(["-size", f"{w}x{h}", "-depth", "8", f"{fmt}:{name}.raw", *args], name, prefix)
    return name


def convert(args, name, prefix="PNG24:"):
    subprocess.run(["/usr/bin/convert", *args, prefix + name], check=True, stderr=subprocess.DEVNULL)
    return name


def rgb(path):
    return np.array(Image.open(path).convert("RGB"))


def with_threshold(src, tgt, ssim_threshold=0.85):
    # OSWorld's check_structure_sim_with_threshold (repository, after desktop-env 1.0.2), its
    # computation without the logging.
    s, t = Image.open(src), Image.open(tgt)
    if s.size != t.size:
        s = s.resize(t.size, Image.Resampling.LANCZOS)
    a, b = np.array(s.convert("RGB")), np.array(t.convert("RGB"))
    m = min(a.shape[0], a.shape[1])
    win = 7 if m >= 7 else (m if m % 2 == 1 else m - 1)
    value = ssim(a, b, win_size=win, channel_axis=2)
    return value, 1.0 if value >= ssim_threshold else 0.0


print("== ssim")
a = write("a.png", busy(48, 40, 1), 48, 40)
blk = bytearray(busy(48, 40, 1))
for y in range(10, 14):
    for x in range(10, 20):
        blk[(y * 48 + x) * 3:(y * 48 + x) * 3 + 3] = bytes([128, 128, 128])
b = write("b.png", bytes(blk), 48, 40)
c = write("c.png", busy(48, 40, 2), 48, 40)
big = write("big.png", busy(60, 50, 1), 60, 50)
print("ssim(a, b)", repr(ssim(rgb(a), rgb(b), win_size=7, channel_axis=2)))
print("ssim(a, c)", repr(ssim(rgb(a), rgb(c), win_size=7, channel_axis=2)))
print("check_structure_sim a b / a c / big a", gimp.check_structure_sim(a, b), gimp.check_structure_sim(a, c),
      gimp.check_structure_sim(big, a))

print("== resampling")
print("with_threshold(big, a)", with_threshold(big, a))
rgba = write("rgba.png", busy(60, 50, 2, True), 60, 50, "rgba")
ns, nt = gimp.normalize_brightness(Image.open(rgba), 128), gimp.normalize_brightness(Image.open(a), 128)
i1, i2 = ns.resize((48, 40), Image.Resampling.LANCZOS).convert("RGB"), nt.convert("RGB")
print("mse(rgba, a)", repr(float(np.mean((np.array(i1, dtype=np.float32) / 255 - np.array(i2, dtype=np.float32) / 255) ** 2))))
print("brightness rgba, a", repr(gimp.calculate_brightness(Image.open(rgba))), repr(gimp.calculate_brightness(Image.open(a))))
r = Image.open(rgba)
r = r.crop(r.split()[-1].getbbox()).convert("RGB").resize((48, 40))
print("ssim(resized rgba, a)", repr(ssim(np.array(r), rgb(a), win_size=7, channel_axis=2)),
      gimp.check_structure_sim_resized(rgba, a))

print("== smooth")
s = write("s.png", smooth(64, 48), 64, 48)
s_big = convert([s, "-resize", "80x60!"], "s-big.png")
print("with_threshold(s_big, s)", with_threshold(s_big, s))
tiny_a = write("tiny-a.png", busy(5, 6, 1), 5, 6)
tiny_b = write("tiny-b.png", busy(5, 6, 1)[:-3] + bytes([0, 0, 0]), 5, 6)
print("with_threshold(tiny_a, tiny_b)", with_threshold(tiny_a, tiny_b), "tiny_a, tiny_a", with_threshold(tiny_a, tiny_a))
dark = convert([s, "-evaluate", "multiply", "0.7"], "dark.png")
print("brightness dark s / s dark / dark a(0.15)", gimp.check_brightness_decrease_and_structure_sim(dark, s),
      gimp.check_brightness_decrease_and_structure_sim(s, dark),
      gimp.check_brightness_decrease_and_structure_sim(dark, write("s-busy.png", busy(64, 48, 3), 64, 48)),
      "threshold 0.15:", gimp.check_brightness_decrease_and_structure_sim(dark, "s-busy.png", 0.15))
high = convert([s, "-level", "15%,85%"], "high.png")
print("contrast high s / s high", gimp.check_contrast_increase_and_structure_sim(high, s),
      gimp.check_contrast_increase_and_structure_sim(s, high), gimp.calculate_contrast(Image.open(high)),
      gimp.calculate_contrast(Image.open(s)))
sat = convert([s, "-modulate", "100,150"], "sat.png")
print("saturation sat s / s sat", gimp.check_saturation_increase_and_structure_sim(sat, s),
      gimp.check_saturation_increase_and_structure_sim(s, sat),
      repr(gimp.measure_saturation(Image.open(sat).convert("HSV"))), repr(gimp.measure_saturation(Image.open(s).convert("HSV"))))
shapes = ["-size", "48x40", "xc:white", "+antialias", "-fill", "blue", "-draw", "rectangle 4,4 20,30",
          "-fill", "red", "-draw", "circle 32,20 40,20"]
p8, p24 = convert(shapes, "p8.png", "PNG8:"), convert(shapes, "p24.png")
print("palette p8 p24 / p24 p24", Image.open(p8).mode, gimp.check_palette_and_structure_sim(p8, p24),
      gimp.check_palette_and_structure_sim(p24, p24), Image.open(p24).mode)
flop = convert([s, "-flop"], "flop.png")
print("mirror flop s / s s", gimp.check_image_mirror(flop, s), gimp.check_image_mirror(s, s))

print("== size")
box = convert(["-size", "40x30", "xc:none", "-fill", "red", "-draw", "rectangle 5,4 24,19"], "box.png", "PNG32:")
print("box", Image.open(box).mode, gimp.check_image_size(box, {"width": 20, "height": 16, "ignore_transparent": True}),
      gimp.check_image_size(box, {"width": 20, "height": 16}), gimp.check_image_size(box, {"width": 40, "height": 30}))
print("s", gimp.check_image_size(s, {"width": 64, "height": 48}), gimp.check_image_size(s, {"height": 50}))

print("== green")
def square(name, size, colour):
    return convert(["-size", size, f"xc:{colour}", "-fill", "black", "-draw", "rectangle 8,8 23,23"], name, "PNG24:")
mask, green, red = square("mask.png", "32x32", "white"), square("green.png", "32x32", "rgb(20,200,30)"), square("red.png", "32x32", "rgb(200,20,30)")
wmask, wgreen = square("wmask.png", "40x30", "white"), square("wgreen.png", "40x30", "rgb(20,200,30)")
print("green", gimp.check_green_background(green, mask), gimp.check_green_background(red, mask))
try:
    print("wide", gimp.check_green_background(wgreen, wmask))
except Exception as e:
    print("wide raises", type(e).__name__, e)

print("== triangle")
def triangle(name, points, dot=True):
    args = ["-size", "100x100", "xc:white", "+antialias", "-fill", "yellow", "-draw", f"polygon {points}"]
    if dot:
        args += ["-fill", "red", "-draw", "rectangle 90,90 91,91"]
    return convert(args, name, "PNG24:")
for name, points, dot in [("mid.png", "40,42 60,42 50,58", True), ("corner.png", "10,10 30,10 20,26", True),
                          ("corner2.png", "10,10 30,10 20,26", False)]:
    print(name, gimp.check_triangle_position(triangle(name, points, dot)))

print("== list")
print("list same", gimp.compare_image_list([s, a], [s, a]), "one differs", gimp.compare_image_list([s, b], [s, a]),
      "resized", gimp.compare_image_list([s_big], [s]), "single", gimp.compare_image_list(s, s))
ra = write("ra.png", bytes([10, 20, 30, 200] * 64), 8, 8, "rgba")
rb = write("rb.png", bytes([90, 20, 30, 200] * 64), 8, 8, "rgba")
rc = write("rc.png", bytes([10, 20, 30, 100] * 64), 8, 8, "rgba")
print("rgba colour only", gimp.compare_image_list([ra], [rb]), "alpha", gimp.compare_image_list([ra], [rc]))

print("== hsv")
for colour in [(200, 30, 60), (10, 200, 30), (30, 60, 200), (255, 0, 0), (1, 2, 3), (250, 250, 249), (128, 0, 255), (0, 255, 1)]:
    print(colour, Image.new("RGB", (1, 1), colour).convert("HSV").getpixel((0, 0)))

print("== resized")
framed = convert([s, "-resize", "128x96!", "-alpha", "set", "-bordercolor", "none", "-border", "10"], "framed.png", "PNG32:")
clear = convert(["-size", "16x16", "xc:none"], "clear.png", "PNG32:")
print("check_structure_sim_resized framed s / a s / clear s", gimp.check_structure_sim_resized(framed, s),
      gimp.check_structure_sim_resized(a, s), gimp.check_structure_sim_resized(clear, s))

print("== check_config_status")
files = {
 "gimprc": "# GIMP gimprc\n#\n\n(undo-levels 100)\n(default-image\n    (width 1920)\n    (height 1080))\n(theme \"Dark\")\n",
 "blank": "# c\n   \n(undo-levels 100)\n",
 "late-blank": "(undo-levels 100)\n  \n",
 "sessionrc": "(session-info \"toplevel\"\n    (factory-entry \"gimp-single-image-window\")\n    (position 0 0))\n(hide-docks no)\n(single-window-mode yes)\n",
 "one": "(single-window-mode)\n(undo-levels 5)\n",
 "crlf": "(undo-levels 100)\r\n",
}
for n, t in files.items(): open(n, "w", newline="").write(t)
cases = [("gimprc", {"key": "undo-levels", "value": "100"}), ("gimprc", {"key": "undo-levels", "value": "99"}),
         ("gimprc", {"key": "height", "value": "1080"}), ("gimprc", {"key": "theme", "value": "\"Dark\""}),
         ("gimprc", {"key": "undo-levels", "value": 100}), ("blank", {"key": "undo-levels", "value": "100"}),
         ("late-blank", {"key": "undo-levels", "value": "100"}), ("late-blank", {"key": "x", "value": "100"}),
         ("sessionrc", {"key": ["session-info", "\"toplevel\""], "value": "\"toplevel\""}),
         ("sessionrc", {"key": "single-window-mode", "value": "yes"}), ("sessionrc", {"key": "hide-docks", "value": "yes"}),
         ("one", {"key": ["single-window-mode", "x"], "value": "5"}), ("one", {"key": ["undo-levels", "5"], "value": "5"}),
         ("crlf", {"key": "undo-levels", "value": "100"})]
for n, r in cases:
    try: v = gimp.check_config_status(n, r)
    except Exception as e: v = type(e).__name__
    print(n, r, v)

print("== check_image_stretch_and_center (python-pptx)")
import zipfile
spec2 = importlib.util.spec_from_file_location(
    "slides", os.path.join(os.path.dirname(desktop_env.__file__), "evaluators/metrics/slides.py"))
slides = importlib.util.module_from_spec(spec2)
spec2.loader.exec_module(slides)
NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PML = "application/vnd.openxmlformats-officedocument.presentationml."


def rels(entries):
    return ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="{i}" Type="{REL}{t}" Target="{g}"/>' for i, t, g in entries) + "</Relationships>")


def pptx(name, pictures):
    # MetricImpressPictureTests.pptx, part for part.
    types = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
             'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
             'ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
             f'<Override PartName="/ppt/presentation.xml" ContentType="{PML}presentation.main+xml"/>'
             f'<Override PartName="/ppt/slides/slide1.xml" ContentType="{PML}slide+xml"/>'
             f'<Override PartName="/ppt/slideLayouts/slideLayout1.xml" ContentType="{PML}slideLayout+xml"/>'
             f'<Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="{PML}slideMaster+xml"/></Types>')
    shapes = ""
    for index, (image, frame) in enumerate(pictures):
        xfrm = (f'<a:xfrm><a:off x="{frame[0]}" y="{frame[1]}"/><a:ext cx="{frame[2]}" cy="{frame[3]}"/></a:xfrm>'
                if frame else "")
        shapes += (f'<p:pic><p:nvPicPr><p:cNvPr id="{index + 2}" name="Picture {index + 1}"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
                   f'<p:blipFill><a:blip r:embed="{"rId2" if image == "red" else "rId3"}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
                   f'<p:spPr>{xfrm}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')
    parts = [
        ("[Content_Types].xml", types),
        ("_rels/.rels", rels([("rId1", "officeDocument", "ppt/presentation.xml")])),
        ("ppt/presentation.xml",
         f'<p:presentation {NS}><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>'
         '<p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst><p:sldSz cx="9144000" cy="6858000"/>'
         '<p:notesSz cx="6858000" cy="9144000"/></p:presentation>'),
        ("ppt/_rels/presentation.xml.rels",
         rels([("rId1", "slideMaster", "slideMasters/slideMaster1.xml"), ("rId2", "slide", "slides/slide1.xml")])),
        ("ppt/slideMasters/slideMaster1.xml",
         f'<p:sldMaster {NS}><p:cSld><p:spTree/></p:cSld><p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/>'
         '</p:sldLayoutIdLst></p:sldMaster>'),
        ("ppt/slideMasters/_rels/slideMaster1.xml.rels", rels([("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml")])),
        ("ppt/slideLayouts/slideLayout1.xml", f"<p:sldLayout {NS}><p:cSld><p:spTree/></p:cSld></p:sldLayout>"),
        ("ppt/slideLayouts/_rels/slideLayout1.xml.rels", rels([("rId1", "slideMaster", "../slideMasters/slideMaster1.xml")])),
        ("ppt/slides/slide1.xml", f"<p:sld {NS}><p:cSld><p:spTree>{shapes}</p:spTree></p:cSld></p:sld>"),
        ("ppt/slides/_rels/slide1.xml.rels",
         rels([("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"), ("rId2", "image", "../media/image1.png"),
               ("rId3", "image", "../media/image2.png")])),
        ("ppt/media/image1.png", "\u0089PNG red".encode()),
        ("ppt/media/image2.png", "\u0089PNG blue".encode()),
    ]
    with zipfile.ZipFile(name, "w", zipfile.ZIP_STORED) as z:
        for part, data in parts:
            z.writestr(part, data)
    return name


original = pptx("original.pptx", [("red", (1000000, 1000000, 3000000, 2000000))])
full, small = ("red", (0, 0, 9144000, 6858000)), ("red", (1000000, 1000000, 3000000, 2000000))
for name, pictures in [("full", [full]), ("near", [("red", (200000, 100000, 9000000, 6700000))]),
                       ("shifted", [("red", (600000, 0, 9144000, 6858000))]), ("other", [("blue", (0, 0, 9144000, 6858000))]),
                       ("full-then-small", [full, small]), ("small-then-full", [small, full]), ("unplaced", [("red", None)])]:
    try:
        value = slides.check_image_stretch_and_center(pptx(name + ".pptx", pictures), original)
    except Exception as error:
        value = type(error).__name__
    print(name, value)
empty = pptx("empty.pptx", [])
print("empty", slides.check_image_stretch_and_center(empty, empty))

print("== jpeg")
photo = convert([s, "-quality", "90"], "photo.png", "JPEG:")
grayjpg = convert([s, "-colorspace", "Gray", "-quality", "90"], "gray.jpg", "JPEG:")
print("modes", Image.open(photo).mode, Image.open(grayjpg).mode, "check_structure_sim", gimp.check_structure_sim(photo, s),
      "palette", gimp.check_palette_and_structure_sim(grayjpg, s))
