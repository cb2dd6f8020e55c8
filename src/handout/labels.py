"""The words the layouts print around the content, per language (English when a word is missing)."""

from __future__ import annotations

EN: dict[str, str] = {
    "note": "Note", "caution": "Caution", "stop": "Stop",
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
    "applies_to": "Applies to", "regions": "Areas worked", "video": "Video",
}  # fmt: skip

LANGUAGES: dict[str, dict[str, str]] = {
    "en": EN,
    "de": {
        "note": "Hinweis", "caution": "Vorsicht", "stop": "Stopp",
        "pressure": "Druck", "repeat": "Wiederholen", "time": "Zeit",
        "light": "leicht", "medium": "mittel", "firm": "fest",
        "position": "Lagerung", "duration": "Dauer", "equipment": "Sie brauchen",
        "purpose": "Wozu", "finish": "Zum Abschluss", "steps": "Schritte", "step": "Schritt",
        "contents": "Inhalt", "safety": "Sicherheit zuerst", "chapter": "Kapitel",
        "page": "Seite", "of": "von", "prepared_for": "Für", "date": "Datum",
        "notes": "Hinweise Ihrer Therapeutin / Ihres Therapeuten", "self_care": "Selbstpflege",
        "routine": "Massageablauf", "cautions": "Bevor Sie beginnen", "regions": "Bereiche",
    },
    "es": {
        "note": "Nota", "caution": "Precaución", "stop": "Alto",
        "pressure": "Presión", "repeat": "Repetir", "time": "Tiempo",
        "light": "ligera", "medium": "media", "firm": "firme",
        "position": "Posición", "duration": "Duración", "equipment": "Necesita",
        "purpose": "Para qué", "finish": "Para terminar", "steps": "Pasos", "step": "Paso",
        "contents": "Índice", "safety": "Seguridad", "chapter": "Capítulo",
        "page": "Página", "of": "de", "prepared_for": "Para", "date": "Fecha",
        "notes": "Notas de su terapeuta", "self_care": "Hoja de autocuidado",
        "routine": "Rutina de masaje", "cautions": "Antes de empezar", "regions": "Zonas",
    },
    "el": {
        "note": "Σημείωση", "caution": "Προσοχή", "stop": "Διακοπή",
        "pressure": "Πίεση", "repeat": "Επανάληψη", "time": "Χρόνος",
        "light": "ελαφριά", "medium": "μέτρια", "firm": "σταθερή",
        "position": "Θέση", "duration": "Διάρκεια", "equipment": "Χρειάζεστε",
        "purpose": "Γιατί", "finish": "Για το τέλος", "steps": "Βήματα", "step": "Βήμα",
        "contents": "Περιεχόμενα", "safety": "Ασφάλεια", "chapter": "Κεφάλαιο",
        "page": "Σελίδα", "of": "από", "prepared_for": "Για", "date": "Ημερομηνία",
        "notes": "Σημειώσεις του θεραπευτή σας", "self_care": "Φύλλο αυτοφροντίδας",
        "routine": "Πρόγραμμα μασάζ", "cautions": "Πριν ξεκινήσετε", "regions": "Περιοχές",
    },
    "ru": {
        "note": "Примечание", "caution": "Осторожно", "stop": "Стоп",
        "pressure": "Давление", "repeat": "Повторить", "time": "Время",
        "light": "лёгкое", "medium": "среднее", "firm": "сильное",
        "position": "Положение", "duration": "Длительность", "equipment": "Понадобится",
        "purpose": "Зачем", "finish": "В завершение", "steps": "Шаги", "step": "Шаг",
        "contents": "Содержание", "safety": "Безопасность", "chapter": "Глава",
        "page": "Страница", "of": "из", "prepared_for": "Для", "date": "Дата",
        "notes": "Заметки вашего терапевта", "self_care": "Памятка для самомассажа",
        "routine": "Массажная процедура", "cautions": "Перед началом", "regions": "Зоны",
    },
}  # fmt: skip

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


def labels(lang: str) -> dict[str, str]:
    return {**EN, **LANGUAGES.get(lang, {})}
