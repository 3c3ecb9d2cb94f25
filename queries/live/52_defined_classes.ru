#+ title: Defined classes of a changed record
#+ description: The build's defined-class rule (queries/build/30_defined_classes.ru) for one record.
#+ param: subject iri required  The changed record
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT { ?subject a ?defined }
WHERE {
  ?defined owl:equivalentClass ?definition .
  ?definition owl:intersectionOf ?members .
  ?members rdf:first ?first .
  ?subject a ?first .
  FILTER(isIRI(?defined))
  FILTER NOT EXISTS {
    ?members rdf:rest*/rdf:first ?member .
    FILTER NOT EXISTS { ?subject a ?member }
  }
}
