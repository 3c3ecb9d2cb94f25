#+ title: Types of a changed record from the class hierarchy
#+ description: The build's superclass rule (queries/build/20_types.ru) for one record.
#+ param: subject iri required  The changed record
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT { ?subject a ?super }
WHERE {
  ?subject a ?class .
  ?class rdfs:subClassOf ?super .
  FILTER(isIRI(?super) && ?super != owl:Thing)
}
