"""How a build writes its PDF: the operators we write ourselves, reportlab's private names (ops), and\nthe PDF object writer set up for the length of a build (writer)."""
