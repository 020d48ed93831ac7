import csv
import io

from rest_framework.renderers import BaseRenderer

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A cell a spreadsheet shows as data: text that would start a formula (=, +, -, @, tab, CR) gets a
    leading apostrophe (OWASP "CSV injection"); numbers stay numbers; None is empty."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class CSVRenderer(BaseRenderer):
    """`?format=csv`: the report's rows with a header row (the view's `csv_columns`).

    Errors (a dict such as `{"detail": ...}` or `{"since": [...]}`) become `field,message` rows so
    a spreadsheet still shows why nothing came back.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        view = (renderer_context or {}).get("view")
        if isinstance(data, dict) and "results" in data:
            columns = list(getattr(view, "csv_columns", ()))
            writer.writerow(columns)
            for row in data["results"]:
                writer.writerow([csv_cell(row.get(column)) for column in columns])
        elif isinstance(data, dict):
            writer.writerow(["field", "message"])
            for field, messages in data.items():
                for message in messages if isinstance(messages, list) else [messages]:
                    writer.writerow([csv_cell(field), csv_cell(message)])
        return out.getvalue().encode(self.charset)
