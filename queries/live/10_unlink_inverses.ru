#+ title: Remove the inverse links a record's statements made
#+ description: Before a record is replaced, delete the statements the build's inverse rule added pointing back at it (a pathway's hasStep made each step's stepOf), so a removed link disappears in both directions.
#+ param: subject iri required  The record being replaced
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { ?other ?inverse ?subject }
WHERE {
  { ?property owl:inverseOf ?inverse } UNION { ?inverse owl:inverseOf ?property }
  ?subject ?property ?other .
  FILTER(isIRI(?other))
}
