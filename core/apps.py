from django.apps import AppConfig

# Messages that never echo what was sent (OWASP ASVS 5.x: hostile or unencodable input stays out of
# responses and logs). Django's and DRF's defaults quote the invalid value; these say what is allowed.
NOT_A_CHOICE = "Not one of the allowed choices."
NO_SUCH_OBJECT = "No such object."
WRONG_TYPE = "Expected an id (a whole number)."


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Operations"

    def ready(self) -> None:
        from django import forms
        from rest_framework import relations, serializers

        from core import heartbeat  # noqa: F401  (connects the workers' and beat's heartbeats)

        for field in (forms.ChoiceField, forms.TypedChoiceField, forms.MultipleChoiceField):
            field.default_error_messages = {**field.default_error_messages, "invalid_choice": NOT_A_CHOICE}
        for field in (serializers.ChoiceField, serializers.MultipleChoiceField):
            field.default_error_messages = {**field.default_error_messages, "invalid_choice": NOT_A_CHOICE}
        relations.PrimaryKeyRelatedField.default_error_messages = {
            **relations.PrimaryKeyRelatedField.default_error_messages,
            "does_not_exist": NO_SUCH_OBJECT,
            "incorrect_type": WRONG_TYPE,
        }
        relations.SlugRelatedField.default_error_messages = {
            **relations.SlugRelatedField.default_error_messages,
            "does_not_exist": NO_SUCH_OBJECT,
        }
