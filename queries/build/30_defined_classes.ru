#+ title: Members of defined classes
#+ description: A record typed with every class of an owl:intersectionOf definition belongs to the defined class, e.g. a school that is a specialist setting is a special school.
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT { ?record a ?defined }
WHERE {
  ?defined owl:equivalentClass ?definition .
  ?definition owl:intersectionOf ?members .
  ?members rdf:first ?first .
  ?record a ?first .
  FILTER(isIRI(?defined))
  FILTER NOT EXISTS {
    ?members rdf:rest*/rdf:first ?member .
    FILTER NOT EXISTS { ?record a ?member }
  }
}
