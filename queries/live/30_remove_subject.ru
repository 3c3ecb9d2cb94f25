#+ title: Remove every statement about a record
#+ description: Delete every triple whose subject is the record, derived ones (types, age bands, labels) included; the new statements and what the rules derive from them are added next.
#+ param: subject iri required  The record being replaced
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { ?subject ?property ?value }
WHERE { ?subject ?property ?value }
