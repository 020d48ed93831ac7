import csv
import io

from rest_framework.renderers import BaseRenderer


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
                writer.writerow(["" if row.get(column) is None else row.get(column) for column in columns])
        elif isinstance(data, dict):
            writer.writerow(["field", "message"])
            for field, messages in data.items():
                for message in messages if isinstance(messages, list) else [messages]:
                    writer.writerow([field, message])
        return out.getvalue().encode(self.charset)
