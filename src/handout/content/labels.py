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
    "repeat_forms": "{}×", "decimal": ".", "date_pattern": "{day} {month} {year}",
    # sheet words
    "frequency": "How often", "stop_call": "Stop, and call us if in doubt", "stop_ask": "Stop, and ask for advice if in doubt",
    "call": "Phone", "log": "Tick a box each time you do it", "log_title": "My week",
    "morning": "Morning", "evening": "Evening", "at_step": "step {}", "at_steps": "steps {}",
    "days": "Mon Tue Wed Thu Fri Sat Sun",
    # card words
    "therapist_note": "For the therapist", "not_checked": "Not safety-checked: built with --no-lint",
    # booklet words
    "at_a_glance": "At a glance", "introduction": "Introduction", "notes_page": "Notes", "all_steps": "all",
    # body map views
    "front": "Front", "back": "Back",
    # the version stamp (content/version.py): the caption of the QR code of the current version
    "current_version": "Current version",
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
        "unit_s": "Sek.", "unit_min": "Min.", "unit_h": "Std.", "repeat_forms": "{}-mal", "decimal": ",",
        "date_pattern": "{day}. {month} {year}",
        # sheet words
        "frequency": "Wie oft", "stop_call": "Aufhören und im Zweifel anrufen", "stop_ask": "Aufhören und im Zweifel nachfragen",
        "call": "Telefon", "log": "Kreuzen Sie jedes Mal ein Kästchen an", "log_title": "Meine Woche",
        "morning": "Morgens", "evening": "Abends", "at_step": "Schritt {}", "at_steps": "Schritte {}",
        "days": "Mo Di Mi Do Fr Sa So",
        # card words
        "therapist_note": "Für die Fachkraft", "not_checked": "Nicht auf Sicherheit geprüft: mit --no-lint erstellt",
        # booklet words
        "at_a_glance": "Auf einen Blick", "introduction": "Einführung", "notes_page": "Notizen", "all_steps": "alle",
        "front": "Vorne", "back": "Hinten",
        "current_version": "Aktuelle Fassung",
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
        "unit_s": "s", "unit_min": "min", "unit_h": "h", "repeat_forms": "{} vez|{} veces", "decimal": ",",
        "date_pattern": "{day} de {month} de {year}",
        # sheet words
        "frequency": "Con qué frecuencia", "stop_call": "Pare y, si duda, llámenos", "stop_ask": "Pare y, si duda, pida consejo",
        "call": "Teléfono", "log": "Marque una casilla cada vez que lo haga", "log_title": "Mi semana",
        "morning": "Mañana", "evening": "Noche", "at_step": "paso {}", "at_steps": "pasos {}",
        "days": "Lu Ma Mi Ju Vi Sá Do",
        # card words
        "therapist_note": "Para el terapeuta", "not_checked": "Sin revisión de seguridad: creado con --no-lint",
        # booklet words
        "at_a_glance": "De un vistazo", "introduction": "Introducción", "notes_page": "Notas", "all_steps": "todos",
        "front": "Delante", "back": "Detrás",
        "current_version": "Versión actual",
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
        "unit_s": "δευτ.", "unit_min": "λεπ.", "unit_h": "ώ.", "repeat_forms": "{} φορά|{} φορές", "decimal": ",",
        "date_pattern": "{day} {month} {year}",
        # sheet words
        "frequency": "Πόσο συχνά", "stop_call": "Σταματήστε και, αν έχετε αμφιβολία, καλέστε μας", "stop_ask": "Σταματήστε και, αν έχετε αμφιβολία, ζητήστε συμβουλή",
        "call": "Τηλέφωνο", "log": "Σημειώστε ένα κουτί κάθε φορά", "log_title": "Η εβδομάδα μου",
        "morning": "Πρωί", "evening": "Βράδυ", "at_step": "βήμα {}", "at_steps": "βήματα {}",
        "days": "Δε Τρ Τε Πε Πα Σα Κυ",
        # card words
        "therapist_note": "Για τον θεραπευτή", "not_checked": "Χωρίς έλεγχο ασφάλειας: δημιουργήθηκε με --no-lint",
        # booklet words
        "at_a_glance": "Με μια ματιά", "introduction": "Εισαγωγή", "notes_page": "Σημειώσεις", "all_steps": "όλα",
        "front": "Μπροστά", "back": "Πίσω",
        "current_version": "Τρέχουσα έκδοση",
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
        "unit_s": "с", "unit_min": "мин", "unit_h": "ч", "repeat_forms": "{} раз|{} раза|{} раз", "decimal": ",",
        "date_pattern": "{day} {month} {year}",
        # sheet words
        "frequency": "Как часто", "stop_call": "Остановитесь и, если сомневаетесь, позвоните нам", "stop_ask": "Остановитесь и, если сомневаетесь, спросите совета",
        "call": "Телефон", "log": "Отмечайте клетку каждый раз", "log_title": "Моя неделя",
        "morning": "Утро", "evening": "Вечер", "at_step": "шаг {}", "at_steps": "шаги {}",
        "days": "Пн Вт Ср Чт Пт Сб Вс",
        # card words
        "therapist_note": "Для терапевта", "not_checked": "Без проверки безопасности: собрано с --no-lint",
        # booklet words
        "at_a_glance": "Коротко", "introduction": "Введение", "notes_page": "Заметки", "all_steps": "все",
        "front": "Спереди", "back": "Сзади",
        "current_version": "Актуальная версия",
    },
}  # fmt: skip

# Month names as a date says them ("2 December 2026"): genitive where the language needs it
# (el, ru). From the glibc locale data (LC_TIME `mon`), which follows CLDR's format-wide months.
MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
    "el": ("Ιανουαρίου", "Φεβρουαρίου", "Μαρτίου", "Απριλίου", "Μαΐου", "Ιουνίου", "Ιουλίου",
           "Αυγούστου", "Σεπτεμβρίου", "Οκτωβρίου", "Νοεμβρίου", "Δεκεμβρίου"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"),
}  # fmt: skip


def labels(lang: str) -> dict[str, str]:
    return {**EN, **LANGUAGES.get(lang, {})}


def level_label(words: Mapping[str, str], level: str) -> str:
    """A caution level's word in the build's language, else the level's English label."""
    return words.get(level, LEVELS[level].label)
