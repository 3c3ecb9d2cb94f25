#+ title: Remove broader-transitive links through a record
#+ description: Before a concept is replaced, delete skos:broaderTransitive of it and of every narrower concept below it, which may have reached their ancestors through it; they are derived again after the change.
#+ param: subject iri required  The record being replaced
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { ?narrower skos:broaderTransitive ?ancestor }
WHERE {
  ?narrower skos:broader* ?subject .
  ?narrower skos:broaderTransitive ?ancestor .
}
