"""Russian names for the synthetic region: municipalities and schools.

Names are what people see on the demo site, so they should read like a real region's
registry ("Заречный муниципальный округ", "МАОУ «Лицей № 1»") rather than "School 17".
"""

from __future__ import annotations

import numpy as np

DISTRICTS = [
    "Заречный", "Октябрьский", "Сосновский", "Берёзовский", "Красноармейский",
    "Приозёрный", "Луговской", "Каменский", "Северный", "Степной", "Лесной",
    "Нагорный", "Ольховский", "Светлоярский", "Кленовский", "Песчанский",
    "Рябиновский", "Покровский", "Никольский", "Троицкий", "Увальский",
    "Высокогорский", "Дубровский", "Черёмуховский", "Ключевской", "Верхнеобский",
    "Нижнедонской", "Приречный", "Медведский", "Сокольский", "Журавлёвский",
    "Малиновский", "Ясеневский", "Калиновский", "Озёрский", "Полевской",
    "Горностаевский", "Ивановский", "Мирный", "Солнечный",
]  # fmt: skip
CITIES = [
    "Светлогорск", "Новоуральск", "Верхнереченск", "Краснозёрск", "Белоярск",
    "Старомайск", "Заволжск", "Усть-Каменск", "Озёрск-на-Реке", "Лесногорск",
    "Приморск", "Соколинск",
]  # fmt: skip
VILLAGES = [
    "Ивановка", "Покровка", "Михайловка", "Александровка", "Васильевка",
    "Петровка", "Сосновка", "Берёзовка", "Каменка", "Знаменка", "Успенка",
    "Дмитриевка", "Андреевка", "Кирилловка", "Малиновка", "Никольское",
    "Троицкое", "Воскресенское", "Богородское", "Красное", "Новосёлки",
    "Ольховка", "Вишнёвка", "Раздолье", "Широкое", "Луговое", "Заречье",
    "Ключи", "Большая Речка", "Верхние Липки", "Нижняя Ельня", "Старое Село",
]  # fmt: skip


def municipality_names(n: int, n_cities: int, rng: np.random.Generator) -> list[str]:
    """``n_cities`` urban districts first, then rural ones; unique even at national scale."""
    cities = [CITIES[i % len(CITIES)] for i in range(n_cities)]
    out = [
        f"Городской округ {name}" + (f" ({i // len(CITIES) + 1})" if i >= len(CITIES) else "")
        for i, name in enumerate(cities)
    ]
    order = rng.permutation(len(DISTRICTS))
    kinds = ("муниципальный округ", "муниципальный район")
    for j in range(n - n_cities):
        base = DISTRICTS[order[j % len(DISTRICTS)]]
        kind = kinds[(j // len(DISTRICTS)) % 2]
        round_ = j // (2 * len(DISTRICTS))
        out.append(f"{base} {kind}" + (f" ({round_ + 1})" if round_ else ""))
    return out


def school_names(
    municipality: np.ndarray,
    urban: np.ndarray,
    small: np.ndarray,
    advanced: np.ndarray,
    basic: np.ndarray,
    rng: np.random.Generator,
) -> list[str]:
    """Registry-style names; urban schools numbered within their municipality."""
    n = len(municipality)
    # Number urban schools 1, 2, ... inside each municipality, in code order.
    order = np.lexsort((np.arange(n), municipality))
    number = np.zeros(n, dtype=int)
    counts: dict[int, int] = {}
    for i in order:
        if urban[i]:
            counts[municipality[i]] = counts.get(municipality[i], 0) + 1
            number[i] = counts[municipality[i]]
    village = rng.integers(0, len(VILLAGES), n)
    kind = rng.integers(0, 3, n)
    names = []
    for i in range(n):
        if advanced[i] and urban[i]:
            label = (
                "Лицей",
                "Гимназия",
                "Средняя общеобразовательная школа с углублённым изучением отдельных предметов",
            )[kind[i]]
            form = "МАОУ" if kind[i] < 2 else "МБОУ"
            names.append(f"{form} «{label} № {number[i]}»")
        elif urban[i]:
            names.append(f"МБОУ «Средняя общеобразовательная школа № {number[i]}»")
        elif advanced[i]:
            names.append(
                "МБОУ «Средняя общеобразовательная школа с углублённым изучением "
                f"отдельных предметов с. {VILLAGES[village[i]]}»"
            )
        else:
            level = "Основная" if basic[i] else "Средняя"
            form = "МКОУ" if small[i] or basic[i] else "МБОУ"
            names.append(f"{form} «{level} общеобразовательная школа с. {VILLAGES[village[i]]}»")
    return names
