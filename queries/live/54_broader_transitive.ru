#+ title: Broader-transitive links of a changed concept and the concepts below it
#+ description: The build's broader rule (queries/build/50_broader_transitive.ru) for one concept and every narrower concept, whose chains may pass through it.
#+ param: subject iri required  The changed record
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT { ?narrower skos:broaderTransitive ?ancestor }
WHERE {
  ?narrower skos:broader* ?subject .
  ?narrower skos:broader+ ?ancestor .
}
