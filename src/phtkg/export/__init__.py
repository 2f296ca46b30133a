"""Export the knowledge graph for other tools: RDF in six syntaxes, OWL's own two, OBO,
KGX, SSSOM and CSV.

Every export is a pure function of the graph: blank nodes get labels derived from the
graph's structure (:mod:`.canonical`) and every writer sorts what it writes, so the same
graph always gives the same bytes. The command (:mod:`.command`) writes through temporary
files so that a failed export never leaves a partial file or damages an existing one.
"""

from phtkg.store import syntaxes

#: RDF syntaxes (those of the registry with a writer): a round trip through any of them
#: gives back the same graph.
RDF_FORMATS = syntaxes.names(syntaxes.EXPORTED)
#: OWL's own syntaxes (py-horned-owl) and the OBO formats (pronto).
OWL_FORMATS = ("ofn", "owx")
OBO_FORMATS = ("obo", "obojson")
#: Tables for other communities: Biolink KGX, SSSOM mappings, a spreadsheet of facts.
TABLE_FORMATS = ("kgx", "sssom", "csv")
#: The dataset description (VoID and DCAT) on its own.
DESCRIPTION_FORMAT = "void"
FORMATS = RDF_FORMATS + OWL_FORMATS + OBO_FORMATS + TABLE_FORMATS + (DESCRIPTION_FORMAT,)
