#+ title: Labels of a changed record from its SKOS preferred labels
#+ description: The build's label rule (queries/build/10_labels.ru) for one record.
#+ param: subject iri required  The changed record
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT { ?subject rdfs:label ?label }
WHERE { ?subject skos:prefLabel ?label }
