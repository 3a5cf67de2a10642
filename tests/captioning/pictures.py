"""Synthetic pictures with known properties, made with numpy (fixed seeds) and Pillow."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 320, 240


def _image(pixels: np.ndarray) -> Image.Image:
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")


def _vertical(top: tuple[int, int, int], bottom: tuple[int, int, int],
              size: tuple[int, int] = (WIDTH, HEIGHT)) -> np.ndarray:
    width, height = size
    t = np.linspace(0, 1, height)[:, None, None]
    column = (1 - t) * np.array(top) + t * np.array(bottom)
    return np.broadcast_to(column, (height, width, 3)).astype(np.float64)


def _noise(seed: int, scale: float, size: tuple[int, int] = (WIDTH, HEIGHT)) -> np.ndarray:
    width, height = size
    return np.random.default_rng(seed).normal(0, scale, (height, width, 1))


def sunny_beach() -> Image.Image:
    """Golden sky over a warm orange shore, a white sun, fine sand grain below."""
    pixels = _vertical((255, 214, 90), (246, 170, 60))
    shore = int(HEIGHT * 0.55)
    pixels[shore:] = _vertical((236, 140, 45), (214, 118, 40), (WIDTH, HEIGHT - shore))
    pixels[shore:] += _noise(1, 10, (WIDTH, HEIGHT - shore))
    image = _image(pixels)
    ImageDraw.Draw(image).ellipse((210, 30, 260, 80), fill=(255, 248, 220))
    return image


def night() -> Image.Image:
    """A dark, dull blue night with faint grain and a few small stars."""
    pixels = _vertical((18, 24, 48), (8, 10, 22)) + _noise(2, 2)
    rng = np.random.default_rng(3)
    for y, x in zip(rng.integers(0, HEIGHT // 2, 25), rng.integers(0, WIDTH, 25), strict=True):
        pixels[y, x] = (200, 205, 215)
    return _image(pixels)


def fog() -> Image.Image:
    """Soft grey haze, lighter at the top, blurred grain."""
    pixels = _vertical((200, 201, 202), (150, 151, 152)) + _noise(4, 6)
    return _image(pixels).filter(ImageFilter.GaussianBlur(3))


def forest() -> Image.Image:
    """Many overlapping leaf-green and deep-green blotches over dark green: busy and lush."""
    rng = np.random.default_rng(5)
    image = _image(np.full((HEIGHT, WIDTH, 3), (24, 70, 30), dtype=np.float64))
    draw = ImageDraw.Draw(image)
    greens = ((40, 110, 40), (70, 140, 50), (20, 90, 45), (100, 150, 60), (15, 55, 25))
    for _ in range(900):
        x, y, r = rng.integers(0, WIDTH), rng.integers(0, HEIGHT), rng.integers(2, 7)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=greens[rng.integers(len(greens))])
    return _image(np.asarray(image, dtype=np.float64) + _noise(6, 8))


def red_graphic() -> Image.Image:
    """A poster: saturated red ground, a black bar and a white disc, hard edges."""
    image = Image.new("RGB", (WIDTH, HEIGHT), (214, 22, 30))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 150, WIDTH, 190), fill=(10, 10, 10))
    draw.ellipse((40, 30, 130, 120), fill=(250, 250, 250))
    return image


def pastel_sky() -> Image.Image:
    """A smooth gradient from powder blue to soft pink: light, calm, no edges."""
    return _image(_vertical((176, 206, 236), (244, 200, 210)))


def landscape() -> Image.Image:
    """A realistic-looking view: blue sky, low hills, a grassy field with grain, horizon at 0.6."""
    horizon = int(HEIGHT * 0.6)
    pixels = _vertical((70, 130, 210), (175, 205, 235))
    field = (WIDTH, HEIGHT - horizon)
    pixels[horizon:] = _vertical((96, 140, 60), (60, 100, 40), field) + _noise(7, 12, field)
    x = np.arange(WIDTH)
    ridge = horizon - 10 - 8 * np.sin(x / 37.0) - 4 * np.sin(x / 11.0)
    rows = np.arange(HEIGHT)[:, None]
    hills = (rows >= ridge[None, :]) & (rows < horizon)
    pixels[hills] = (90, 115, 120)
    return _image(pixels).filter(ImageFilter.GaussianBlur(0.6))


def solid(colour: tuple[int, int, int], size: tuple[int, int] = (64, 48)) -> Image.Image:
    return Image.new("RGB", size, colour)


def checkerboard(square: int = 8, size: tuple[int, int] = (WIDTH, HEIGHT)) -> Image.Image:
    width, height = size
    ys, xs = np.indices((height, width))
    light = ((ys // square + xs // square) % 2).astype(bool)
    pixels = np.where(light[..., None], 235, 20)
    return _image(np.repeat(pixels, 3, axis=2))


def grey_gradient(size: tuple[int, int] = (WIDTH, HEIGHT)) -> Image.Image:
    """Black to white, left to right: smooth, with contrast but no texture."""
    width, height = size
    row = np.linspace(0, 255, width)
    return _image(np.broadcast_to(row[None, :, None], (height, width, 3)).copy())


def photo(size: tuple[int, int]) -> Image.Image:
    """The landscape at any size, for speed and size tests."""
    return landscape().resize(size, Image.Resampling.BICUBIC)
