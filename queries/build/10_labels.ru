#+ title: Labels from SKOS preferred labels
#+ description: skos:prefLabel is a sub-property of rdfs:label, so every concept gets an rdfs:label and the app reads one property for every node's name.
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT { ?concept rdfs:label ?label }
WHERE { ?concept skos:prefLabel ?label }
