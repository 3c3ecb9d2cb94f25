#+ title: A published change's link from its record
#+ description: When a change (graph_app/live/history.py) is published, its record links to it (lo:changeHistory), so the record's page and RDF carry its history. One pattern with the change bound.
#+ param: subject iri required  The published change
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT { ?record lo:changeHistory ?subject }
WHERE { ?subject lo:changeOf ?record }
