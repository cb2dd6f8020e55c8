"""The words the layouts print around the content, per language (English when a word is missing).

The English names of the caution levels are in content/levels.py, with the levels.
"""

from __future__ import annotations

from collections.abc import Mapping

from handout.content.levels import LEVELS

EN: dict[str, str] = {
    "pressure": "Pressure", "repeat": "Repeat", "time": "Time",
    "light": "light", "medium": "medium", "firm": "firm",
    "position": "Position", "duration": "Duration", "equipment": "You need",
    "purpose": "Why", "finish": "To finish", "steps": "Steps", "step": "Step",
    "contents": "Contents", "safety": "Safety first", "chapter": "Chapter",
    "page": "Page", "of": "of", "prepared_for": "Prepared for", "date": "Date",
    "notes": "Notes from your therapist", "self_care": "Self-care sheet",
    "routine": "Massage routine", "times": "×", "cautions": "Before you start",
    "safety_intro": "Read this page before practising any routine in this manual. "
    "Each caution is repeated where it applies.",
    "pressure_light": "light pressure", "pressure_medium": "medium pressure", "pressure_firm": "firm pressure",
    "disclaimer": "For information only — not a substitute for advice from a qualified therapist.",
    "applies_to": "Applies to", "regions": "Areas worked", "video": "Video",
    "applies_steps": "applies to steps {}",
    # units (content/dosage.py)
    "unit_s": "s", "unit_min": "min", "unit_h": "h",
    # sheet words
    # card words
    # booklet words
}  # fmt: skip

LANGUAGES: dict[str, dict[str, str]] = {
    "en": EN,
    "de": {
        "pressure_light": "leichter Druck", "pressure_medium": "mittlerer Druck", "pressure_firm": "fester Druck",
        "disclaimer": "Nur zur Information — ersetzt nicht den Rat einer qualifizierten Fachkraft.",
        "safety_intro": "Lesen Sie diese Seite, bevor Sie einen Ablauf aus diesem Handbuch üben. Jeder Hinweis steht auch dort, wo er gilt.",
        "applies_to": "Gilt für", "applies_steps": "gilt für die Schritte {}", "video": "Video",
        "note": "Hinweis", "caution": "Vorsicht", "stop": "Stopp",
        "pressure": "Druck", "repeat": "Wiederholen", "time": "Zeit",
        "light": "leicht", "medium": "mittel", "firm": "fest",
        "position": "Lagerung", "duration": "Dauer", "equipment": "Sie brauchen",
        "purpose": "Wozu", "finish": "Zum Abschluss", "steps": "Schritte", "step": "Schritt",
        "contents": "Inhalt", "safety": "Sicherheit zuerst", "chapter": "Kapitel",
        "page": "Seite", "of": "von", "prepared_for": "Für", "date": "Datum",
        "notes": "Hinweise Ihrer Therapeutin / Ihres Therapeuten", "self_care": "Selbstpflege",
        "routine": "Massageablauf", "cautions": "Bevor Sie beginnen", "regions": "Bereiche",
        # units
        # sheet words
        # card words
        # booklet words
    },
    "es": {
        "pressure_light": "presión ligera", "pressure_medium": "presión media", "pressure_firm": "presión firme",
        "disclaimer": "Solo informativo: no sustituye el consejo de un terapeuta cualificado.",
        "safety_intro": "Lea esta página antes de practicar cualquier rutina de este manual. Cada precaución se repite donde corresponde.",
        "applies_to": "Se aplica a", "applies_steps": "se aplica a los pasos {}", "video": "Vídeo",
        "note": "Nota", "caution": "Precaución", "stop": "Alto",
        "pressure": "Presión", "repeat": "Repetir", "time": "Tiempo",
        "light": "ligera", "medium": "media", "firm": "firme",
        "position": "Posición", "duration": "Duración", "equipment": "Necesita",
        "purpose": "Para qué", "finish": "Para terminar", "steps": "Pasos", "step": "Paso",
        "contents": "Índice", "safety": "Seguridad", "chapter": "Capítulo",
        "page": "Página", "of": "de", "prepared_for": "Para", "date": "Fecha",
        "notes": "Notas de su terapeuta", "self_care": "Hoja de autocuidado",
        "routine": "Rutina de masaje", "cautions": "Antes de empezar", "regions": "Zonas",
        # units
        # sheet words
        # card words
        # booklet words
    },
    "el": {
        "pressure_light": "ελαφριά πίεση", "pressure_medium": "μέτρια πίεση", "pressure_firm": "σταθερή πίεση",
        "disclaimer": "Μόνο για ενημέρωση — δεν αντικαθιστά τη συμβουλή ειδικού θεραπευτή.",
        "safety_intro": "Διαβάστε αυτή τη σελίδα πριν εξασκηθείτε σε οποιοδήποτε πρόγραμμα. Κάθε προειδοποίηση επαναλαμβάνεται εκεί όπου ισχύει.",
        "applies_to": "Ισχύει για", "applies_steps": "ισχύει για τα βήματα {}", "video": "Βίντεο",
        "note": "Σημείωση", "caution": "Προσοχή", "stop": "Διακοπή",
        "pressure": "Πίεση", "repeat": "Επανάληψη", "time": "Χρόνος",
        "light": "ελαφριά", "medium": "μέτρια", "firm": "σταθερή",
        "position": "Θέση", "duration": "Διάρκεια", "equipment": "Χρειάζεστε",
        "purpose": "Γιατί", "finish": "Για το τέλος", "steps": "Βήματα", "step": "Βήμα",
        "contents": "Περιεχόμενα", "safety": "Ασφάλεια", "chapter": "Κεφάλαιο",
        "page": "Σελίδα", "of": "από", "prepared_for": "Για", "date": "Ημερομηνία",
        "notes": "Σημειώσεις του θεραπευτή σας", "self_care": "Φύλλο αυτοφροντίδας",
        "routine": "Πρόγραμμα μασάζ", "cautions": "Πριν ξεκινήσετε", "regions": "Περιοχές",
        # units
        # sheet words
        # card words
        # booklet words
    },
    "ru": {
        "pressure_light": "лёгкое давление", "pressure_medium": "среднее давление", "pressure_firm": "сильное давление",
        "disclaimer": "Только для информации — не заменяет совета квалифицированного специалиста.",
        "safety_intro": "Прочитайте эту страницу, прежде чем выполнять любую процедуру из пособия. Каждое предупреждение повторяется там, где оно относится.",
        "applies_to": "Относится к", "applies_steps": "относится к шагам {}", "video": "Видео",
        "note": "Примечание", "caution": "Осторожно", "stop": "Стоп",
        "pressure": "Давление", "repeat": "Повторить", "time": "Время",
        "light": "лёгкое", "medium": "среднее", "firm": "сильное",
        "position": "Положение", "duration": "Длительность", "equipment": "Понадобится",
        "purpose": "Зачем", "finish": "В завершение", "steps": "Шаги", "step": "Шаг",
        "contents": "Содержание", "safety": "Безопасность", "chapter": "Глава",
        "page": "Страница", "of": "из", "prepared_for": "Для", "date": "Дата",
        "notes": "Заметки вашего терапевта", "self_care": "Памятка для самомассажа",
        "routine": "Массажная процедура", "cautions": "Перед началом", "regions": "Зоны",
        # units
        # sheet words
        # card words
        # booklet words
    },
}  # fmt: skip

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


def labels(lang: str) -> dict[str, str]:
    return {**EN, **LANGUAGES.get(lang, {})}


def level_label(words: Mapping[str, str], level: str) -> str:
    """A caution level's word in the build's language, else the level's English label."""
    return words.get(level, LEVELS[level].label)
