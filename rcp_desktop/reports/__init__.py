"""Documents and exports built from services' results: reportlab PDFs, CSV/XLSX/ICS writers.
No Qt here; PDFs are produced as bytes in memory (preview and print never need a file)."""
