"""The shape of an editing form (live/forms.py builds it from the SHACL shapes): its fields and their choices,
the SE7 questions, and what the form shows. Kept apart from forms.py so that the modules forms.py uses
(owned_text.py) can name a Field without importing forms.py back."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..namespaces import DCTERMS, LO, SCHEMA, XSD

LONG_TEXT = {DCTERMS + "description", LO + "answerText", LO + "statementText"}
URL_PATHS = {SCHEMA + "url", DCTERMS + "source", LO + "senInformationReport"}  # web pages: IRIs, not text


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    hint: str = ""
    group: str = ""  # the heading it is listed under (a section of the law's Act), when the field groups them
    group_iri: str = ""  # the heading's node (a kind of need's class), for its name in the page's language


@dataclass
class Field:
    key: str  # the form field's name and id
    path: str
    label: str
    hint: str
    message: str
    order: float
    group: str
    group_order: float
    min_count: int = 0
    max_count: int | None = None
    datatype: str | None = None
    value_class: str | None = None
    value_classes: list[str] = field(default_factory=list)  # sh:or of sh:class: a value of any of them
    group_choices_by: str | None = None  # los:choicesGroupedBy: choices listed under their value of this property
    allowed: list[str] = field(default_factory=list)  # sh:in
    node_kind: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    choices: list[Choice] = field(default_factory=list)
    fixed: bool = False  # shown, not changed (an editor's own provider)
    unique_lang: bool = False  # one value per language: the form edits the English one
    partial: bool = False  # a type field: owns only its choices among the values of its path
    # one text (this path) of the record's own dependent (kind, role): live/owned_text.py ("who can use it")
    owned_text: str | None = None
    dependent: tuple[str, str] | None = None
    # a repeatable sub-form (live/subrecords.py): its items' node shape, their fields, whether each may be private
    sub_form: str | None = None
    item_fields: list[Field] = field(default_factory=list)
    may_be_private: bool = False
    item_class: str | None = None  # the class the item shape targets: each item has it
    item_name: str = ""  # one item, in messages ("Opening times 2: ...")
    widget_name: str | None = None  # los:widget: a special input ("days")
    choice_scheme: str | None = None  # los:choiceScheme: the choices are this scheme's concepts (issue 18)
    excluded: frozenset[str] = frozenset()  # values that are another field's (the record's own sub-records)

    def owns(self, value: str) -> bool:
        """Whether a value on the field's path is this field's to show and replace."""
        return value not in self.excluded and (not self.partial or value in self.allowed)

    @property
    def repeated(self) -> bool:
        """Several values, each in its own box (a choice field lists them instead)."""
        return (
            self.max_count != 1
            and not self.unique_lang
            and not self.owned_text
            and self.widget in ("text", "url", "textarea")
        )

    @property
    def required(self) -> bool:
        return self.min_count > 0

    @property
    def widget(self) -> str:
        if self.owned_text:
            return "textarea"  # the text itself; the link to the dependent record is made from it
        if self.sub_form:
            return "subform"  # a fieldset for each item (live/subrecords.py, staff/_subform.html)
        if self.widget_name:
            return self.widget_name
        if self.datatype == XSD + "time":
            return "time"
        if (self.allowed or self.choice_scheme) and self.max_count == 1:
            return "radios"  # a short fixed list: every choice in sight, each with its help text
        if self.value_class or self.value_classes or self.allowed:
            return "select" if self.max_count == 1 else "checkboxes"
        if self.datatype == XSD + "integer":
            return "integer"
        if self.datatype == XSD + "decimal":
            return "decimal"  # an amount in pounds: "5", "12.50", "£5"
        if self.datatype == XSD + "date":
            return "date"
        if self.datatype == XSD + "dateTime":
            return "datetime"  # a day and a time, such as a training session's start (issue 19)
        if self.datatype == XSD + "boolean":
            return "boolean"
        if self.path in URL_PATHS:  # a web page: an IRI, not text
            return "url"
        return "textarea" if self.path in LONG_TEXT else "text"


@dataclass
class Question:
    key: str
    iri: str
    label: str
    answer_iri: str | None = None


@dataclass
class FormState:
    """What the form shows: each field's values as text (the record's, or what was typed)."""

    values: dict[str, list[str]]
    answers: dict[str, str]
