// Attraction overview: signed amount by month (bars) with the count (line), the fulfilment funnel, and signed
// amount by source and by industry, drawn with ECharts from the json_script data of the page.
(function () {
  "use strict";

  function chart(id) {
    var element = document.getElementById(id);
    if (!element || !window.echarts) return null;
    return window.echarts.getInstanceByDom(element) || window.echarts.init(element);
  }

  function title(text) {
    return { text: text, left: "center", textStyle: { fontSize: 14 } };
  }

  function draw() {
    var source = document.getElementById("attraction-chart-data");
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var months = chart("chart-months");
    if (months) {
      months.setOption({
        title: title(data.labels.months),
        tooltip: { trigger: "axis" },
        legend: { bottom: 0, data: [data.labels.amount, data.labels.count] },
        grid: { left: 60, right: 50, top: 40, bottom: 40 },
        xAxis: { type: "category", data: data.months },
        yAxis: [{ type: "value", name: "亿元" }, { type: "value", name: "个" }],
        series: [
          { name: data.labels.amount, type: "bar", data: data.amounts.map(Number), itemStyle: { color: "#1d5fbf" } },
          { name: data.labels.count, type: "line", yAxisIndex: 1, data: data.counts, itemStyle: { color: "#d97a00" } }
        ]
      });
    }
    var funnel = chart("chart-funnel");
    if (funnel) {
      funnel.setOption({
        title: title(data.labels.funnel),
        tooltip: { trigger: "item", formatter: "{b}：{c}个" },
        series: [{ type: "funnel", left: "10%", width: "80%", top: 40, bottom: 10, sort: "none", label: { position: "inside", formatter: "{b} {c}" }, data: data.funnel }]
      });
    }
    [["chart-sources", data.sources, data.labels.sources], ["chart-industries", data.industries, data.labels.industries]].forEach(function (item) {
      var pie = chart(item[0]);
      if (!pie) return;
      pie.setOption({
        title: title(item[2]),
        tooltip: { trigger: "item", formatter: "{b}：{c}亿元（{d}%）" },
        series: [{ type: "pie", radius: ["35%", "65%"], top: 30, data: item[1].map(function (d) { return { name: d.name, value: Number(d.value) }; }) }]
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
  window.addEventListener("resize", function () {
    ["chart-months", "chart-funnel", "chart-sources", "chart-industries"].forEach(function (id) {
      var element = document.getElementById(id);
      var instance = element && window.echarts && window.echarts.getInstanceByDom(element);
      if (instance) instance.resize();
    });
  });
})();
