"""What an audit run hands to people: the contract JSON, a CSV for spreadsheets, a printable HTML report.

``audit_json.audit_document`` builds the one JSON document; the CSV and HTML writers render that same
document, so the three outputs of one run always say the same thing.
"""
