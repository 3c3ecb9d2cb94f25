#+ title: Types from the class hierarchy
#+ description: Every record also gets the types of its superclasses (the hierarchy HermiT classified), so a school is found as a setting and a care pathway as a pathway.
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT { ?record a ?super }
WHERE {
  ?record a ?class .
  ?class rdfs:subClassOf ?super .
  FILTER(isIRI(?super) && ?super != owl:Thing)
}
